using System;

namespace Usmp.Native
{
    // Thrown when the native layer itself failed (mbedTLS internal error, random source failure,
    // or a status the native contract does not allow for that call). Never thrown for an
    // expected protocol outcome such as a forged frame: those come back as a NativeStatus.
    public class NativeCryptoException : Exception
    {
        private readonly NativeStatus _status;

        public NativeCryptoException(NativeStatus status)
            : base("native crypto failure: status " + ((int)status).ToString())
        {
            _status = status;
        }

        public NativeStatus Status
        {
            get { return _status; }
        }
    }
}
