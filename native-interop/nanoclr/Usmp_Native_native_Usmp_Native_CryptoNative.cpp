// USMP device glue: the user half of the MDP interop stubs (the file the generator leaves to us).
// Each stub is one call into native-interop/include/usmp_abi.h, which validates every length,
// offset and count against the array sizes before touching memory. Each managed byte[] goes as
// (GetBuffer(), GetSize()), int as int32_t. There is no ref/out parameter (MDP's marshalling
// writes nothing back to one): outputs come back in the byte[] arguments or the int result.
//
// This is the one glue file written by hand; the other four are exactly what the
// MetadataProcessor generates (check/mdp_stubs.py, README.md). The declarations come from the
// generated Usmp_Native_native_Usmp_Native_CryptoNative.h.
//
// Error policy (kept in step with firmware/Usmp/Crypto/UsmpCrypto.cs): EVERY usmp_status,
// USMP_S_ARG included, comes back to managed code as the int result and hr stays S_OK.
// UsmpCrypto turns InvalidArgument into ArgumentException with a message, CryptoFailure /
// RandomFailure into NativeCryptoException, and returns the expected outcomes. Raising an
// HRESULT here (CLR_E_INVALID_PARAMETER) would throw a message-less exception instead and hide
// which status the C core reported. hr is only set by the nanoCLR marshalling itself (a null
// array gives CLR_E_NULL_REFERENCE before we are called; UsmpCrypto never passes one).
//
// Heap compaction can move managed arrays between calls: nothing here keeps a pointer after
// returning, and the C core uses no heap. With the ESP-IDF 5 Xtensa GCC int32_t is long, not
// int: the int results are converted explicitly.

#include "Usmp_Native_native.h"
#include "Usmp_Native_native_Usmp_Native_CryptoNative.h"
#include "usmp_abi.h"

using namespace Usmp_Native::Usmp_Native_native;

// The arrays' sizes always fit: a managed array has at most 2^31 - 1 elements.
#define USMP_ARR(a) (a).GetBuffer(), (int32_t)(a).GetSize()

signed int CryptoNative::FillRandom( CLR_RT_TypedArray_UINT8 param0, signed int param1, signed int param2, HRESULT &hr )
{
    (void)hr;
    return (signed int)usmp_abi_fill_random( USMP_ARR(param0), param1, param2 );
}

signed int CryptoNative::X25519( CLR_RT_TypedArray_UINT8 param0, CLR_RT_TypedArray_UINT8 param1, CLR_RT_TypedArray_UINT8 param2, HRESULT &hr )
{
    (void)hr;
    return (signed int)usmp_abi_x25519( USMP_ARR(param0), USMP_ARR(param1), USMP_ARR(param2) );
}

signed int CryptoNative::ClientConsumeChallenge( CLR_RT_TypedArray_UINT8 param0, signed int param1, signed int param2, CLR_RT_TypedArray_UINT8 param3, CLR_RT_TypedArray_UINT8 param4, CLR_RT_TypedArray_UINT8 param5, CLR_RT_TypedArray_UINT8 param6, CLR_RT_TypedArray_UINT8 param7, CLR_RT_TypedArray_UINT8 param8, CLR_RT_TypedArray_UINT8 param9, CLR_RT_TypedArray_UINT8 param10, HRESULT &hr )
{
    (void)hr;
    return (signed int)usmp_abi_client_consume_challenge( USMP_ARR(param0), param1, param2, USMP_ARR(param3), USMP_ARR(param4), USMP_ARR(param5), USMP_ARR(param6), USMP_ARR(param7), USMP_ARR(param8), USMP_ARR(param9), USMP_ARR(param10) );
}

signed int CryptoNative::ClientConsumeSessionOk( CLR_RT_TypedArray_UINT8 param0, signed int param1, signed int param2, CLR_RT_TypedArray_UINT8 param3, CLR_RT_TypedArray_UINT8 param4, CLR_RT_TypedArray_UINT8 param5, CLR_RT_TypedArray_UINT8 param6, CLR_RT_TypedArray_UINT8 param7, HRESULT &hr )
{
    (void)hr;
    return (signed int)usmp_abi_client_consume_session_ok( USMP_ARR(param0), param1, param2, USMP_ARR(param3), USMP_ARR(param4), USMP_ARR(param5), USMP_ARR(param6), USMP_ARR(param7) );
}

signed int CryptoNative::ParseHelloRetry( CLR_RT_TypedArray_UINT8 param0, signed int param1, signed int param2, CLR_RT_TypedArray_UINT8 param3, HRESULT &hr )
{
    (void)hr;
    return (signed int)usmp_abi_parse_hello_retry( USMP_ARR(param0), param1, param2, USMP_ARR(param3) );
}

signed int CryptoNative::SealFrame( CLR_RT_TypedArray_UINT8 param0, signed int param1, signed int param2, signed int param3, CLR_RT_TypedArray_UINT8 param4, CLR_RT_TypedArray_UINT8 param5, CLR_RT_TypedArray_UINT8 param6, signed int param7, signed int param8, CLR_RT_TypedArray_UINT8 param9, HRESULT &hr )
{
    (void)hr;
    return (signed int)usmp_abi_seal_frame( USMP_ARR(param0), param1, param2, param3, USMP_ARR(param4), USMP_ARR(param5), USMP_ARR(param6), param7, param8, USMP_ARR(param9) );
}

signed int CryptoNative::OpenFrame( CLR_RT_TypedArray_UINT8 param0, signed int param1, CLR_RT_TypedArray_UINT8 param2, signed int param3, signed int param4, CLR_RT_TypedArray_UINT8 param5, CLR_RT_TypedArray_UINT8 param6, CLR_RT_TypedArray_UINT8 param7, HRESULT &hr )
{
    (void)hr;
    return (signed int)usmp_abi_open_frame( USMP_ARR(param0), param1, USMP_ARR(param2), param3, param4, USMP_ARR(param5), USMP_ARR(param6), USMP_ARR(param7) );
}

signed int CryptoNative::UtackMac( CLR_RT_TypedArray_UINT8 param0, signed int param1, CLR_RT_TypedArray_UINT8 param2, HRESULT &hr )
{
    (void)hr;
    return (signed int)usmp_abi_utack_mac( USMP_ARR(param0), param1, USMP_ARR(param2) );
}

signed int CryptoNative::UtackVerify( CLR_RT_TypedArray_UINT8 param0, signed int param1, CLR_RT_TypedArray_UINT8 param2, HRESULT &hr )
{
    (void)hr;
    return (signed int)usmp_abi_utack_verify( USMP_ARR(param0), param1, USMP_ARR(param2) );
}

signed int CryptoNative::RekeyDerive( CLR_RT_TypedArray_UINT8 param0, CLR_RT_TypedArray_UINT8 param1, CLR_RT_TypedArray_UINT8 param2, CLR_RT_TypedArray_UINT8 param3, CLR_RT_TypedArray_UINT8 param4, CLR_RT_TypedArray_UINT8 param5, HRESULT &hr )
{
    (void)hr;
    return (signed int)usmp_abi_rekey_derive( USMP_ARR(param0), USMP_ARR(param1), USMP_ARR(param2), USMP_ARR(param3), USMP_ARR(param4), USMP_ARR(param5) );
}

signed int CryptoNative::Crc16( CLR_RT_TypedArray_UINT8 param0, signed int param1, signed int param2, HRESULT &hr )
{
    (void)hr;
    return (signed int)usmp_abi_crc16( USMP_ARR(param0), param1, param2 );
}
