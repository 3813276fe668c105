// Stream reassembly for USMP over TCP (spec usmp-v2.md §1): TCP delivers bytes in arbitrary
// pieces (nanoFramework's Socket.Receive returns as soon as ANY bytes arrived), so this class is
// fed whatever arrived and says when one whole frame sits in Buffer[0..FrameLength).
//
// §1 "A TCP receiver reads 12 bytes, checks magic and length, reads `length` more bytes, then
// checks version, CRC and type": this reader does the first half (magic, declared length), the
// frame decoder (FrameHeader / Session) the second. A bad magic or a declared length over 480
// can never resynchronise a byte stream, so they throw and the connection must end.
//
//   off 0  magic  u16 LE (CD AB)      checked here
//   off 2  version                     checked by the decoder
//   off 3  type                        checked by the decoder
//   off 4  seq    u32 LE
//   off 8  length u16 LE (<= 480)      checked here
//   off 10 crc    u16 LE               checked by the decoder
//   off 12 payload
//
// Feed never consumes past the end of the current frame: the caller keeps the rest for the next
// one. One 492-byte buffer, allocated once; nothing is allocated per frame.
using System;

namespace Usmp
{
    public sealed class TcpFrameReader
    {
        private const int HeaderSize = 12;           // §1
        private const int MaxPayload = 480;          // §1
        private const int MaxFrame = HeaderSize + MaxPayload;
        private const int MagicLow = 0xCD;           // §1: 0xABCD little-endian
        private const int MagicHigh = 0xAB;
        private const int LengthOffset = 8;          // §1 offset table above

        private readonly byte[] _buffer = new byte[MaxFrame];
        private int _filled;
        private int _frameLength;                    // 0 until the header has been read

        // The frame is Buffer[0..FrameLength) once HasFrame is true.
        public byte[] Buffer { get { return _buffer; } }

        public int FrameLength { get { return HasFrame ? _frameLength : 0; } }

        public bool HasFrame { get { return _frameLength != 0 && _filled == _frameLength; } }

        // True when some bytes of a frame have arrived but not all of them.
        public bool IsMidFrame { get { return _filled != 0 && !HasFrame; } }

        // Consumes bytes from data[offset..offset+count) up to the end of the current frame and
        // returns how many it took. Throws MagicException or PayloadException (both FrameException)
        // when the 12-byte header is complete and wrong; the reader is then reset.
        public int Feed(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }
            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException("count");
            }
            if (HasFrame)
            {
                throw new InvalidOperationException("take the complete frame (Reset) before feeding more");
            }
            int consumed = 0;
            if (_filled < HeaderSize)
            {
                consumed = Copy(data, offset, count, HeaderSize);
                if (_filled < HeaderSize)
                {
                    return consumed;
                }
                _frameLength = CheckHeader();
            }
            consumed += Copy(data, offset + consumed, count - consumed, _frameLength);
            return consumed;
        }

        // Forget the current frame (after the caller has used it, or after an error).
        public void Reset()
        {
            _filled = 0;
            _frameLength = 0;
        }

        private int Copy(byte[] data, int offset, int count, int target)
        {
            int take = target - _filled;
            if (take > count)
            {
                take = count;
            }
            Array.Copy(data, offset, _buffer, _filled, take);
            _filled += take;
            return take;
        }

        // §1: magic, then declared length <= 480. Returns the whole frame length.
        private int CheckHeader()
        {
            if (_buffer[0] != MagicLow || _buffer[1] != MagicHigh)
            {
                Reset();
                throw new MagicException("bad frame magic on the TCP stream");
            }
            int length = _buffer[LengthOffset] | (_buffer[LengthOffset + 1] << 8);
            if (length > MaxPayload)
            {
                Reset();
                throw new PayloadException("declared payload length exceeds 480");
            }
            return HeaderSize + length;
        }
    }
}
