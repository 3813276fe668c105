// The datagram rules of USMP over UDP (spec usmp-v2.md §8): one frame per datagram, no extra
// header, and a receiver drops (WITHOUT a UTACK) any datagram that
//   - is shorter than the 12-byte header,
//   - has a bad magic (bytes 0-1 not CD AB),
//   - declares length > 480 (bytes 8-9, u16 LE),
//   - or whose size is not exactly 12 + length.
// Version, CRC and type are the frame decoder's business (FrameHeader.TryDecode), after the UTACK.
// Offsets and sizes come from UsmpConstants; the header fields are read with FrameHeader.
//
// §8 duplicate handshake frames (the peer missed our UTACK and sent again): acknowledged again,
// then dropped. A client and a server recognise them differently (IsClientDuplicate,
// IsServerDuplicate); lastHandshakeType is the type of the last handshake frame received, 0 = none.
namespace Usmp
{
    public static class UdpDatagram
    {
        public static bool PassesSizeChecks(byte[] datagram, int offset, int length)
        {
            if (length < UsmpConstants.HeaderSize)
            {
                return false;
            }
            if (!FrameHeader.HasMagic(datagram, offset))
            {
                return false;
            }
            int declared = FrameHeader.ReadLength(datagram, offset);
            return declared <= UsmpConstants.MaxPayload && length == UsmpConstants.HeaderSize + declared;
        }

        /// <summary>§8, client: the same type as the last handshake frame, a HELLO_RETRY after any
        /// handshake frame, or a CHALLENGE once SESSION_OK arrived.</summary>
        public static bool IsClientDuplicate(byte type, byte lastHandshakeType, bool sessionOkSeen)
        {
            if (type == lastHandshakeType)
            {
                return true;
            }
            if (type == (byte)PacketType.HelloRetry && lastHandshakeType != 0)
            {
                return true;
            }
            return type == (byte)PacketType.Challenge && sessionOkSeen;
        }

        /// <summary>§8, server: a type &lt;= the last handshake type received.</summary>
        public static bool IsServerDuplicate(byte type, byte lastHandshakeType)
        {
            return lastHandshakeType != 0 && type <= lastHandshakeType;
        }
    }
}
