// check-only stand-in for nf-interpreter's nf_errors_exceptions.h (PC compile of the interop glue, check.sh).
// Mirrors: nanoframework/nf-interpreter src/CLR/Include/nf_errors_exceptions.h
//          @ 0032eeebce54e3e86a003cca3f32bb6942222df8 (read through the code index).
// Only the names the glue uses, spelled and valued exactly as there; nothing that file lacks.
#ifndef __NF_ERRORS_H__
#define __NF_ERRORS_H__

#if !defined(WIN32) && !defined(_WIN32)

// nf_errors_exceptions.h: HRESULT, severities, SUCCEEDED/FAILED, S_OK, MAKE_HRESULT
typedef int HRESULT;

#define SEVERITY_SUCCESS 0
#define SEVERITY_ERROR   1

#define SUCCEEDED(Status) ((HRESULT)(Status) >= 0)
#define FAILED(Status)    ((HRESULT)(Status) < 0)

#define S_OK ((HRESULT)0x00000000L)

#define MAKE_HRESULT(sev, fac, code)                                                                                   \
    ((HRESULT)(((unsigned long)(sev) << 31) | ((unsigned long)(fac) << 16) | ((unsigned long)(code))))

#endif // !defined(WIN32) && !defined(_WIN32)

// nf_errors_exceptions.h: the CLR_E_* codes the glue (or its comments / error policy) names;
// same MAKE_HRESULT expressions, hence the same numbers (checked by check.sh's positive fixture):
#define CLR_E_NULL_REFERENCE    MAKE_HRESULT(SEVERITY_ERROR, 0x2100, 0x0000) // 0xA1000000
#define CLR_E_WRONG_TYPE        MAKE_HRESULT(SEVERITY_ERROR, 0x2200, 0x0000) // 0xA2000000
#define CLR_E_ARGUMENT_NULL     MAKE_HRESULT(SEVERITY_ERROR, 0x4e00, 0x0000) // 0xCE000000
#define CLR_E_NOT_SUPPORTED     MAKE_HRESULT(SEVERITY_ERROR, 0x7700, 0x0000) // 0xF7000000
#define CLR_E_INVALID_PARAMETER MAKE_HRESULT(SEVERITY_ERROR, 0x7D00, 0x0000) // 0xFD000000
#define CLR_E_FAIL              MAKE_HRESULT(SEVERITY_ERROR, 0x7F00, 0x0000) // 0xFF000000

#endif // __NF_ERRORS_H__
