// UTACK, the UDP transport acknowledgement (spec usmp-v2.md §8), a datagram of its own:
//
//   off 0  AC AC                 magic
//   off 2  acked_type   u8       type of the acknowledged frame
//   off 3  acked_seq    u32 LE   seq of the acknowledged frame
//   off 7  mac          8 bytes  HMAC-SHA256(key, bytes 0..6)[0:8], only for acked types >= 5
//                                once session keys are installed; key = the RECEIVER's rx key
//                                (= the frame sender's tx key)
//
// Parsing is plain managed code (public bytes). For session frames the MAC comes with the frame's
// own native call (UsmpCrypto.SealFrame / OpenFrame write the whole UTACK), so a receipt is checked
// by Equal, a constant-time compare; Write / Matches with a key (one native call each) remain for
// the rare cases (a late handshake duplicate, a receipt for an older queued frame).
// Nothing here allocates.
using Usmp.Native;

namespace Usmp
{
    public static class Utack
    {
        public const int PlainSize = 7;          // §8
        public const int MacSize = 8;            // §8
        public const int MacedSize = PlainSize + MacSize;
        public const byte MagicByte = 0xAC;      // §8: AC AC
        public const byte FirstSessionType = 5;  // §8: "acked types >= 5" carry a MAC

        private const int TypeOffset = 2;
        private const int SeqOffset = 3;

        // True when a UTACK for this type carries a MAC, given whether keys are installed.
        public static bool NeedsMac(byte ackedType, bool keysInstalled)
        {
            return keysInstalled && ackedType >= FirstSessionType;
        }

        // A datagram that starts with the UTACK magic (frames start with CD AB).
        public static bool LooksLikeUtack(byte[] datagram, int offset, int length)
        {
            return length >= 2 && datagram[offset] == MagicByte && datagram[offset + 1] == MagicByte;
        }

        // Writes the UTACK for (ackedType, ackedSeq) at output[offset] and returns its size:
        // 15 with a MAC under macKey when NeedsMac(ackedType, macKey != null), else 7.
        public static int Write(byte[] output, int offset, byte ackedType, uint ackedSeq, byte[] macKey)
        {
            output[offset] = MagicByte;
            output[offset + 1] = MagicByte;
            output[offset + TypeOffset] = ackedType;
            output[offset + SeqOffset] = (byte)ackedSeq;
            output[offset + SeqOffset + 1] = (byte)(ackedSeq >> 8);
            output[offset + SeqOffset + 2] = (byte)(ackedSeq >> 16);
            output[offset + SeqOffset + 3] = (byte)(ackedSeq >> 24);
            if (!NeedsMac(ackedType, macKey != null))
            {
                return PlainSize;
            }
            UsmpCrypto.UtackMac(output, offset, macKey);
            return MacedSize;
        }

        // True when the datagram is a well-formed UTACK acknowledging (expectedType, expectedSeq)
        // and, when NeedsMac, carries a MAC that verifies under macKey (the sender's own tx key).
        // §8: "A session-phase UTACK whose MAC is missing or wrong is ignored."
        public static bool Matches(byte[] datagram, int offset, int length, byte expectedType, uint expectedSeq, byte[] macKey)
        {
            bool hasMac = length == MacedSize;
            if ((length != PlainSize && !hasMac) || !LooksLikeUtack(datagram, offset, length))
            {
                return false;   // §8: 7 or 15 bytes starting AC AC, anything else is not a UTACK
            }
            if (datagram[offset + TypeOffset] != expectedType || ReadSeq(datagram, offset) != expectedSeq)
            {
                return false;
            }
            if (!NeedsMac(expectedType, macKey != null))
            {
                return true;
            }
            return hasMac && UsmpCrypto.UtackVerify(datagram, offset, macKey);
        }

        // True when datagram[offset..offset+length) is exactly the expected MACed UTACK. Every byte
        // is compared, the differences OR-accumulated (no early exit): the MAC is a secret until the
        // peer sends it.
        public static bool Equal(byte[] datagram, int offset, int length, byte[] expected)
        {
            if (length != MacedSize)
            {
                return false;
            }
            int difference = 0;
            for (int i = 0; i < MacedSize; i++)
            {
                difference |= datagram[offset + i] ^ expected[i];
            }
            return difference == 0;
        }

        private static uint ReadSeq(byte[] datagram, int offset)
        {
            int at = offset + SeqOffset;
            return datagram[at] | ((uint)datagram[at + 1] << 8) | ((uint)datagram[at + 2] << 16) | ((uint)datagram[at + 3] << 24);
        }
    }
}
