//-----------------------------------------------------------------------------
//
//                   ** WARNING! ** 
//    This file was generated automatically by a tool.
//    Re-running the tool will overwrite this file.
//    You should copy this file to a custom location
//    before adding any customization in the copy to
//    prevent loss of your changes when the tool is
//    re-run.
//
//-----------------------------------------------------------------------------

#ifndef USMP_NATIVE_USMP_NATIVE_NATIVE_USMP_NATIVE_CRYPTONATIVE_H
#define USMP_NATIVE_USMP_NATIVE_NATIVE_USMP_NATIVE_CRYPTONATIVE_H

namespace Usmp_Native
{
    namespace Usmp_Native_native
    {
        struct CryptoNative
        {
            // Helper Functions to access fields of managed object
            // Declaration of stubs. These functions are implemented by Interop code developers

            static signed int FillRandom( CLR_RT_TypedArray_UINT8 param0, signed int param1, signed int param2, HRESULT &hr );

            static signed int X25519( CLR_RT_TypedArray_UINT8 param0, CLR_RT_TypedArray_UINT8 param1, CLR_RT_TypedArray_UINT8 param2, HRESULT &hr );

            static signed int ClientConsumeChallenge( CLR_RT_TypedArray_UINT8 param0, signed int param1, signed int param2, CLR_RT_TypedArray_UINT8 param3, CLR_RT_TypedArray_UINT8 param4, CLR_RT_TypedArray_UINT8 param5, CLR_RT_TypedArray_UINT8 param6, CLR_RT_TypedArray_UINT8 param7, CLR_RT_TypedArray_UINT8 param8, CLR_RT_TypedArray_UINT8 param9, CLR_RT_TypedArray_UINT8 param10, HRESULT &hr );

            static signed int ClientConsumeSessionOk( CLR_RT_TypedArray_UINT8 param0, signed int param1, signed int param2, CLR_RT_TypedArray_UINT8 param3, CLR_RT_TypedArray_UINT8 param4, CLR_RT_TypedArray_UINT8 param5, CLR_RT_TypedArray_UINT8 param6, CLR_RT_TypedArray_UINT8 param7, HRESULT &hr );

            static signed int ParseHelloRetry( CLR_RT_TypedArray_UINT8 param0, signed int param1, signed int param2, CLR_RT_TypedArray_UINT8 param3, HRESULT &hr );

            static signed int SealFrame( CLR_RT_TypedArray_UINT8 param0, signed int param1, signed int param2, signed int param3, CLR_RT_TypedArray_UINT8 param4, CLR_RT_TypedArray_UINT8 param5, CLR_RT_TypedArray_UINT8 param6, signed int param7, signed int param8, CLR_RT_TypedArray_UINT8 param9, HRESULT &hr );

            static signed int OpenFrame( CLR_RT_TypedArray_UINT8 param0, signed int param1, CLR_RT_TypedArray_UINT8 param2, signed int param3, signed int param4, CLR_RT_TypedArray_UINT8 param5, CLR_RT_TypedArray_UINT8 param6, CLR_RT_TypedArray_UINT8 param7, HRESULT &hr );

            static signed int UtackMac( CLR_RT_TypedArray_UINT8 param0, signed int param1, CLR_RT_TypedArray_UINT8 param2, HRESULT &hr );

            static signed int UtackVerify( CLR_RT_TypedArray_UINT8 param0, signed int param1, CLR_RT_TypedArray_UINT8 param2, HRESULT &hr );

            static signed int RekeyDerive( CLR_RT_TypedArray_UINT8 param0, CLR_RT_TypedArray_UINT8 param1, CLR_RT_TypedArray_UINT8 param2, CLR_RT_TypedArray_UINT8 param3, CLR_RT_TypedArray_UINT8 param4, CLR_RT_TypedArray_UINT8 param5, HRESULT &hr );

            static signed int Crc16( CLR_RT_TypedArray_UINT8 param0, signed int param1, signed int param2, HRESULT &hr );

        };
    }
}

#endif // USMP_NATIVE_USMP_NATIVE_NATIVE_USMP_NATIVE_CRYPTONATIVE_H
