// The datagram rules of USMP over UDP (spec usmp-v2.md §8): one frame per datagram, no extra
// header, and a receiver drops (WITHOUT a UTACK) any datagram that
//   - is shorter than the 12-byte header,
//   - has a bad magic (bytes 0-1 not CD AB),
//   - declares length > 480 (bytes 8-9, u16 LE),
//   - or whose size is not exactly 12 + length.
// Version, CRC and type are the frame decoder's business (FrameHeader.TryDecode), after the UTACK.
// Offsets and sizes come from UsmpConstants; the header fields are read with FrameHeader.
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
    }
}
