// check-only stand-in for nf-interpreter's nanoCLR_PlatformDef.h (PC compile of the interop glue, check.sh).
// Mirrors: nanoframework/nf-interpreter src/CLR/Include/nanoCLR_PlatformDef.h
//          @ 63df540d3707b5dd84631904890df34429c059e2 (read through the code index).
// Only its non-_WIN32 INCLUDES section: nanoHAL_Types.h plus the same five C headers, in the same
// order. Left out: the feature/trace #defines (the glue tests none), PROHIBIT_*_CONSTRUCTORS,
// LONGLONGCONSTANT and the trailing #include <nanoHAL.h> (large, target-specific; the glue uses
// nothing from it). Not defining NANOCLR_TRACE_HRESULT matches the real default (it is commented out).
#ifndef _NANOCLR_PLATFORMDEF_H_
#define _NANOCLR_PLATFORMDEF_H_

#include <nanoHAL_Types.h>

#include <stdarg.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

// nanoCLR_PlatformDef.h: fallbacks (already defined by nf_errors_exceptions.h, as in the real chain)
#ifndef MAKE_HRESULT
#define MAKE_HRESULT(sev, fac, code)                                                                   \
    ((HRESULT)(((unsigned long)(sev) << 31) | ((unsigned long)(fac) << 16) | ((unsigned long)(code))))
#endif
#ifndef SEVERITY_SUCCESS
#define SEVERITY_SUCCESS 0
#endif
#ifndef SEVERITY_ERROR
#define SEVERITY_ERROR 1
#endif

#endif // _NANOCLR_PLATFORMDEF_H_
