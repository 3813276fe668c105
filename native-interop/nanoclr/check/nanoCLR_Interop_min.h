// Our own minimal declaration of the nanoCLR interop API that the Usmp.Native glue uses, with the
// same shapes as nf-interpreter's src/CLR/Include/nanoCLR_Interop.h (and HRESULT / CLR_E_* from
// nanoCLR_Types.h / nanoHAL). It exists only so check.sh can compile the glue on a PC with
// -Wall -Wextra -Werror; the firmware build uses nf-interpreter's real headers.
#ifndef USMP_NANOCLR_INTEROP_MIN_H
#define USMP_NANOCLR_INTEROP_MIN_H

#include <stddef.h>
#include <stdint.h>

typedef int HRESULT;
typedef uint8_t UINT8;

// HRESULT values: only S_OK/FAILED matter to the glue; the CLR_E_* numbers are placeholders.
#define S_OK ((HRESULT)0x00000000L)
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define CLR_E_FAIL ((HRESULT)0xFF000000L)
#define CLR_E_WRONG_TYPE ((HRESULT)0xFD000000L)
#define CLR_E_NULL_REFERENCE ((HRESULT)0xFC000000L)
#define CLR_E_INVALID_PARAMETER ((HRESULT)0xFD000000L)
#define CLR_E_ARGUMENT_NULL ((HRESULT)0xFD000000L)
#define CLR_E_NOT_SUPPORTED ((HRESULT)0xF6000000L)

// the structured-exit macros (nanoCLR_Interop.h, release flavour)
#define NANOCLR_LEAVE() goto nanoCLR_Cleanup
#define NANOCLR_RETURN() return hr
#define NANOCLR_HEADER() HRESULT hr
#define NANOCLR_CHECK_HRESULT(expr)                                                                \
    {                                                                                              \
        if (FAILED(hr = (expr)))                                                                   \
            NANOCLR_LEAVE();                                                                       \
    }
#define NANOCLR_SET_AND_LEAVE(expr)                                                                \
    {                                                                                              \
        hr = (expr);                                                                               \
        NANOCLR_LEAVE();                                                                           \
    }
#define NANOCLR_CLEANUP()                                                                          \
    hr = S_OK;                                                                                     \
    nanoCLR_Cleanup:
#define NANOCLR_CLEANUP_END() NANOCLR_RETURN()
#define NANOCLR_NOCLEANUP()                                                                        \
    NANOCLR_CLEANUP();                                                                             \
    NANOCLR_CLEANUP_END()

struct CLR_RT_StackFrame; // opaque here, as in nanoCLR_Interop.h
struct CLR_RT_HeapBlock;

#define CLR_RT_HEAP_BLOCK_SIZE 12
#define NANOCLR_NATIVE_DECLARE(mtd) static HRESULT mtd(CLR_RT_StackFrame &stack)

typedef HRESULT (*CLR_RT_MethodHandler)(CLR_RT_StackFrame &stack);

struct CLR_RECORD_VERSION
{
    unsigned short iMajorVersion;
    unsigned short iMinorVersion;
    unsigned short iBuildNumber;
    unsigned short iRevisionNumber;
};

struct CLR_RT_NativeAssemblyData
{
    const char *m_szAssemblyName;
    unsigned int m_checkSum;
    const void *m_pNativeMethods;
    CLR_RECORD_VERSION m_Version;
};

template <class T> class CLR_RT_TypedArray
{
    T *m_pData;
    unsigned int m_ElemCount;

    friend HRESULT Interop_Marshal_UINT8_ARRAY(
        const CLR_RT_StackFrame &stackFrame,
        unsigned int paramIndex,
        CLR_RT_TypedArray<unsigned char> &typedArray);

  public:
    CLR_RT_TypedArray() : m_pData(NULL), m_ElemCount(0)
    {
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

HRESULT Interop_Marshal_INT32(const CLR_RT_StackFrame &stackFrame, unsigned int paramIndex, signed int &param);
HRESULT Interop_Marshal_UINT8_ARRAY(
    const CLR_RT_StackFrame &stackFrame,
    unsigned int paramIndex,
    CLR_RT_TypedArray_UINT8 &typedArray);
HRESULT Interop_Marshal_INT32_ByRef(
    const CLR_RT_StackFrame &stackFrame,
    void *pHeapBlock,
    unsigned int paramIndex,
    signed int *&pParam);
HRESULT Interop_Marshal_StoreRef(CLR_RT_StackFrame &stackFrame, void *pVoidHeapBlock, unsigned int paramIndex);
void SetResult_INT32(CLR_RT_StackFrame &stackFrame, signed int value);

#endif // USMP_NANOCLR_INTEROP_MIN_H
