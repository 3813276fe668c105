// check-only stand-in for nf-interpreter's nanoHAL_Types.h (PC compile of the interop glue, check.sh).
// Mirrors: nanoframework/nf-interpreter src/HAL/Include/nanoHAL_Types.h
//          @ 63df540d3707b5dd84631904890df34429c059e2 (read through the code index).
// That revision declares none of the old upper-case integer typedefs (older revisions, e.g. 064c42aa, still had
// them; they were removed): so neither does this file. Its ARRAYSIZE/ROUNDTOMULTIPLE/SYSTEMTIME and
// `#define __int64 long long` are not used by the glue and are left out.
#ifndef _HAL_TYPES_H_
#define _HAL_TYPES_H_ 1

#include <nf_errors_exceptions.h>

#include <stddef.h>

// nanoHAL_Types.h: with GCC, NULL is redefined as 0
#if defined(__GNUC__)
#undef NULL
#endif

#if defined(__arm) || defined(__GNUC__)
#undef UNICODE
#define NULL 0
#endif

#endif // _HAL_TYPES_H_
