// The link itself failed: a socket error, an unreachable gateway, or (UDP, §8) a frame that
// got no matching UTACK after all 5 ARQ attempts (Python raises OSError there).
using System;

namespace Usmp
{
    public class TransportException : UsmpException
    {
        public TransportException(string message) : base(message)
        {
        }

        public TransportException(string message, Exception innerException) : base(message, innerException)
        {
        }
    }
}
