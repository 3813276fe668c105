// check-only stand-in for nf-interpreter's nanoCLR_Runtime.h (PC compile of the interop glue, check.sh).
// Mirrors: nanoframework/nf-interpreter src/CLR/Include/nanoCLR_Runtime.h
//          @ 0032eeebce54e3e86a003cca3f32bb6942222df8 (read through the code index).
// The real header includes nanoCLR_Types.h and nanoCLR_Interop.h (then nanoCLR_ErrorCodes.h,
// nanoSupport.h, nanoWeak.h) and defines the whole runtime, CLR_RT_StackFrame included. The glue uses
// nothing it declares beyond those two includes, so CLR_RT_StackFrame stays incomplete here
// (forward-declared in nanoCLR_Interop.h and again in nanoCLR_Runtime.h, as below).
#ifndef _NANOCLR_RUNTIME_H_
#define _NANOCLR_RUNTIME_H_

#include <nanoCLR_Types.h>
#include <nanoCLR_Interop.h>

// nanoCLR_Runtime.h (forward declaration; the definition is omitted, see above)
struct CLR_RT_StackFrame;

#endif // _NANOCLR_RUNTIME_H_
