// check-only stand-in for nf-interpreter's nanoCLR_Interop.h (PC compile of the interop glue, check.sh).
// Mirrors: nanoframework/nf-interpreter src/CLR/Include/nanoCLR_Interop.h
//          @ 01743b6f3e93efce03c5e55e3237c5d556057b88 (read through the code index; the declarations
//          below are identical in 13f3345a3e7d286815abde2677ce5fb07426129b, an older unformatted one).
// Every declaration below is copied from that file with the same names, parameter types and macro
// bodies; only the ones the Usmp.Native glue uses are kept. NOTHING here is absent from nf-interpreter:
// none of the old upper-case integer typedefs (a glue that uses one must fail here as it fails in
// nf-interpreter; check.sh's fixtures prove it).
#ifndef _NANOCLR_INTEROP_H_
#define _NANOCLR_INTEROP_H_

#include <nanoCLR_PlatformDef.h>
#include <nanoCLR_Types.h>

// nanoCLR_Interop.h: structured-exit macros, non-_WIN32 flavour without NANOCLR_TRACE_HRESULT
// (the firmware default). Left out: NANOCLR_EXIT_ON_SUCCESS, NANOCLR_MSG*_SET_AND_LEAVE,
// NANOCLR_NOCLEANUP_NOLABEL, FAULT_ON_NULL(_ARG), NANOCLR_DEBUG_PROCESS_EXCEPTION (unused by the glue).
#define NANOCLR_LEAVE()  goto nanoCLR_Cleanup
#define NANOCLR_RETURN() return hr

#define NANOCLR_HEADER() HRESULT hr
#define NANOCLR_CHECK_HRESULT(expr)                                                                                    \
    {                                                                                                                  \
        if (FAILED(hr = (expr)))                                                                                       \
            NANOCLR_LEAVE();                                                                                           \
    }
#define NANOCLR_SET_AND_LEAVE(expr)                                                                                    \
    {                                                                                                                  \
        hr = (expr);                                                                                                   \
        NANOCLR_LEAVE();                                                                                               \
    }
#define NANOCLR_CLEANUP()                                                                                              \
    hr = S_OK;                                                                                                         \
    nanoCLR_Cleanup:
#define NANOCLR_CLEANUP_END() NANOCLR_RETURN()
#define NANOCLR_NOCLEANUP()                                                                                            \
    NANOCLR_CLEANUP();                                                                                                 \
    NANOCLR_CLEANUP_END()

// nanoCLR_Interop.h: forward declarations. CLR_RT_StackFrame is only forward-declared there too;
// its definition lives in nanoCLR_Runtime.h (a large class), which this stand-in does NOT provide:
// the glue only passes `CLR_RT_StackFrame &stack` on, so a glue touching a member fails here.
struct CLR_RT_StackFrame;
struct CLR_RT_HeapBlock;

// nanoCLR_Interop.h
#define CLR_RT_HEAP_BLOCK_SIZE 12

#define NANOCLR_NATIVE_DECLARE(mtd) static HRESULT mtd(CLR_RT_StackFrame &stack)

typedef HRESULT (*CLR_RT_MethodHandler)(CLR_RT_StackFrame &stack);

struct CLR_RT_NativeAssemblyData
{
    const char *m_szAssemblyName;
    unsigned int m_checkSum;
    const void *m_pNativeMethods;
    CLR_RECORD_VERSION m_Version;
};

// nanoCLR_Interop.h: by-value marshalling (only INT32 is used)
HRESULT Interop_Marshal_INT32(const CLR_RT_StackFrame &stackFrame, unsigned int paramIndex, signed int &param);

// nanoCLR_Interop.h: CLR_RT_TypedArray. The real class befriends every Interop_Marshal_*_ARRAY;
// only the byte-array one is kept (the others would need declarations the glue does not use).
template <class T> class CLR_RT_TypedArray
{
    T *m_pData;
    unsigned int m_ElemCount;

    friend HRESULT Interop_Marshal_UINT8_ARRAY(
        const CLR_RT_StackFrame &stackFrame,
        unsigned int paramIndex,
        CLR_RT_TypedArray<unsigned char> &typedArray);

  public:
    CLR_RT_TypedArray()
    {
        m_pData = NULL;
        m_ElemCount = 0;
    }

    T GetValue(unsigned int i)
    {
        return m_pData[i];
    }
    void SetValue(unsigned int i, T &val)
    {
        m_pData[i] = val;
    }
    T &operator[](unsigned int i)
    {
        return m_pData[i];
    }

    unsigned int GetSize()
    {
        return m_ElemCount;
    }

    T *GetBuffer()
    {
        return m_pData;
    }
};

typedef CLR_RT_TypedArray<unsigned char> CLR_RT_TypedArray_UINT8;

HRESULT Interop_Marshal_UINT8_ARRAY(
    const CLR_RT_StackFrame &stackFrame,
    unsigned int paramIndex,
    CLR_RT_TypedArray_UINT8 &typedArray);

// nanoCLR_Interop.h: return value
void SetResult_INT32(CLR_RT_StackFrame &stackFrame, signed int value);

#endif // _NANOCLR_INTEROP_H_
