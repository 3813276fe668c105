// The datagram rules of USMP over UDP (spec usmp-v2.md §8): one frame per datagram, no extra
// header, and a receiver drops (WITHOUT a UTACK) any datagram that
//   - is shorter than 12 bytes,
//   - has a bad magic (bytes 0-1 not CD AB),
//   - declares length > 480 (bytes 8-9, u16 LE),
//   - or whose size is not exactly 12 + length.
// Version, CRC and type are the frame decoder's business, after the UTACK.
namespace Usmp
{
    public static class UdpDatagram
    {
        public const int HeaderSize = 12;        // §1
        public const int MaxPayload = 480;       // §1
        public const int MaxFrame = HeaderSize + MaxPayload;
        public const int TypeOffset = 3;         // §1 header offsets
        public const int SeqOffset = 4;
        public const int LengthOffset = 8;
        public const byte FirstSessionType = 5;  // §2: 0x05.. are encrypted, except 0x0A
        public const byte HelloRetryType = 0x0A; // §2

        public static bool PassesSizeChecks(byte[] datagram, int offset, int length)
        {
            if (length < HeaderSize)
            {
                return false;
            }
            if (datagram[offset] != 0xCD || datagram[offset + 1] != 0xAB)
            {
                return false;
            }
            int declared = datagram[offset + LengthOffset] | (datagram[offset + LengthOffset + 1] << 8);
            return declared <= MaxPayload && length == HeaderSize + declared;
        }

        public static byte Type(byte[] frame, int offset)
        {
            return frame[offset + TypeOffset];
        }

        public static uint Seq(byte[] frame, int offset)
        {
            int at = offset + SeqOffset;
            return (uint)(frame[at] | (frame[at + 1] << 8) | (frame[at + 2] << 16) | (frame[at + 3] << 24));
        }

        // §8: handshake frames are types < 5 and HELLO_RETRY (0x0A); everything else is session.
        public static bool IsHandshakeType(byte type)
        {
            return type < FirstSessionType || type == HelloRetryType;
        }
    }
}
