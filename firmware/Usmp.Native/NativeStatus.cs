// Outcome of one native call. The numbers are usmp_status in native-interop/include/usmp_native.h:
// keep both in step. UsmpCrypto (firmware/Usmp/Crypto) returns the expected outcomes (AuthFailed, ZeroSharedSecret,
// Malformed, BadCrc) and throws for the others (InvalidArgument -> ArgumentException,
// CryptoFailure / RandomFailure -> NativeCryptoException).
namespace Usmp.Native
{
    public enum NativeStatus
    {
        Ok = 0,
        InvalidArgument = -1,
        AuthFailed = -2,
        ZeroSharedSecret = -3,
        Malformed = -4,
        BadCrc = -5,
        CryptoFailure = -6,
        RandomFailure = -7
    }
}
