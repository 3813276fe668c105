// The USMP exception tree (shared/spec/usmp-v2.md §4, §10: the Python names, C# spelling):
//
//   UsmpException
//   ├─ FrameException              malformed frame (§1)
//   │  ├─ MagicException           bytes 0-1 not CD AB
//   │  ├─ VersionException         byte 2 not 0x02
//   │  ├─ PayloadException         declared length > 480, != bytes available, or a message > 1808
//   │  ├─ CrcException             CRC-16 mismatch
//   │  └─ FrameTypeException       unknown type byte (or one not allowed here)
//   ├─ HandshakeException          handshake failure (§3)
//   │  └─ AuthenticationException  the server's proof did not verify
//   ├─ CryptoException             GCM tag or carried nonce wrong (§5): one outcome, no oracle
//   ├─ SequenceException           TCP seq mismatch, TX/RX at 0xFFFFFFFF (§6)
//   ├─ ProtocolException           a step out of order, a control frame mid-message (§3, §7)
//   ├─ UsmpTimeoutException        nothing arrived in time
//   ├─ ConnectionClosedException   BYE, peer close, control-frame flood (§7)
//   └─ NotConnectedException       used before connect (§10)
using System;

namespace Usmp
{
    public class UsmpException : Exception
    {
        public UsmpException(string message) : base(message)
        {
        }

        public UsmpException(string message, Exception innerException) : base(message, innerException)
        {
        }
    }

    public class FrameException : UsmpException
    {
        public FrameException(string message) : base(message)
        {
        }
    }

    public class MagicException : FrameException
    {
        public MagicException(string message) : base(message)
        {
        }
    }

    public class VersionException : FrameException
    {
        public VersionException(string message) : base(message)
        {
        }
    }

    public class PayloadException : FrameException
    {
        public PayloadException(string message) : base(message)
        {
        }
    }

    public class CrcException : FrameException
    {
        public CrcException(string message) : base(message)
        {
        }
    }

    public class FrameTypeException : FrameException
    {
        public FrameTypeException(string message) : base(message)
        {
        }
    }

    public class HandshakeException : UsmpException
    {
        public HandshakeException(string message) : base(message)
        {
        }
    }

    public class AuthenticationException : HandshakeException
    {
        public AuthenticationException(string message) : base(message)
        {
        }
    }

    public class CryptoException : UsmpException
    {
        public CryptoException(string message) : base(message)
        {
        }
    }

    public class SequenceException : UsmpException
    {
        public SequenceException(string message) : base(message)
        {
        }
    }

    public class ProtocolException : UsmpException
    {
        public ProtocolException(string message) : base(message)
        {
        }
    }

    public class UsmpTimeoutException : UsmpException
    {
        public UsmpTimeoutException(string message) : base(message)
        {
        }
    }

    public class ConnectionClosedException : UsmpException
    {
        public ConnectionClosedException(string message) : base(message)
        {
        }

        public ConnectionClosedException(string message, Exception innerException) : base(message, innerException)
        {
        }
    }

    public class NotConnectedException : UsmpException
    {
        public NotConnectedException(string message) : base(message)
        {
        }
    }
}
