// Stream reassembly for USMP over TCP (spec usmp-v2.md §1), the ONE reader of the device
// (TcpTransport) and the gateway (tools/Usmp.Gateway/TcpFraming.cs, over asynchronous socket reads). TCP
// delivers bytes in arbitrary pieces, so the socket receives straight into this reader's buffer
// and NextFrame says where a whole frame lies in it: the frame is then used IN PLACE (opened
// straight from the reader's buffer), never copied out.
//
// §1 "A TCP receiver reads 12 bytes, checks magic and length, reads `length` more bytes, then
// checks version, CRC and type": this reader does the first half, as soon as 12 bytes are there
// (so an oversize length never makes anyone wait), the frame decoder (FrameHeader / Session) the
// second. A bad magic or a declared length over 480 can never resynchronise a byte stream: the
// caller must end the connection.
//
//   off 0  magic  u16 LE (CD AB)      checked here
//   off 2  version                     checked by the decoder
//   off 3  type                        checked by the decoder
//   off 4  seq    u32 LE
//   off 8  length u16 LE (<= 480)      checked here
//   off 10 crc    u16 LE               checked by the decoder
//   off 12 payload
//
// Use: loop { n = NextFrame(out offset); if (n != NeedMore) break; at = MakeRoom();
//             got = socket.Receive(Buffer, at, Buffer.Length - at); Received(got); }
// One buffer, allocated once; the only copy is MakeRoom moving an incomplete frame to the front
// when fewer than MaxFrame bytes are left behind it. Nothing is allocated per frame.
using System;
using static Usmp.UsmpConstants;

namespace Usmp
{
    public sealed class TcpFrameReader
    {
        public const int NeedMore = 0;       // NextFrame: no whole frame yet, receive more
        public const int BadMagic = -1;      // NextFrame: §1 magic wrong: end the connection
        public const int BadLength = -2;     // NextFrame: §1 declared length > 480: end the connection

        // HeaderSize, MaxPayload, MaxFrame, MagicLow/High, LengthOffset: the wire module (Wire/UsmpConstants.cs).

        private readonly byte[] _buffer;
        private int _start;                          // first byte not yet handed out
        private int _end;                            // one past the last byte received

        /// <param name="capacity">Buffer size, at least 2 x 492 (so a receive always has room for a whole frame).</param>
        public TcpFrameReader(int capacity)
        {
            if (capacity < 2 * MaxFrame)
            {
                throw new ArgumentOutOfRangeException("capacity");
            }
            _buffer = new byte[capacity];
        }

        /// <summary>The receive buffer: sockets write into it at MakeRoom(), frames are read from it in place.</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>Bytes of an incomplete frame are waiting (a close now is a close mid-frame).</summary>
        public bool IsMidFrame { get { return _end != _start; } }

        /// <summary>
        /// The next whole frame: its length (> 0), at Buffer[frameOffset..] (valid until the next
        /// MakeRoom), consumed; or NeedMore; or BadMagic / BadLength as soon as a wrong 12-byte
        /// header is there (the reader is reset).
        /// </summary>
        public int NextFrame(out int frameOffset)
        {
            frameOffset = _start;
            int available = _end - _start;
            if (available < HeaderSize)
            {
                return NeedMore;
            }
            if (_buffer[_start] != MagicLow || _buffer[_start + 1] != MagicHigh)
            {
                Reset();
                return BadMagic;
            }
            int length = _buffer[_start + LengthOffset] | (_buffer[_start + LengthOffset + 1] << 8);
            if (length > MaxPayload)
            {
                Reset();
                return BadLength;
            }
            if (available < HeaderSize + length)
            {
                return NeedMore;
            }
            _start += HeaderSize + length;
            return HeaderSize + length;
        }

        /// <summary>
        /// Where the next receive writes: Buffer[result..Buffer.Length), at least MaxFrame bytes. An
        /// empty reader restarts at 0; an incomplete frame too near the end moves to the front. The
        /// frame NextFrame returned last is no longer valid afterwards.
        /// </summary>
        public int MakeRoom()
        {
            if (_start == _end)
            {
                _start = 0;
                _end = 0;
            }
            else if (_buffer.Length - _end < MaxFrame)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            return _end;
        }

        /// <summary>count bytes were received at the offset MakeRoom returned.</summary>
        public void Received(int count)
        {
            if (count < 0 || count > _buffer.Length - _end)
            {
                throw new ArgumentOutOfRangeException("count");
            }
            _end += count;
        }

        /// <summary>Forgets everything received (connection closed, or after a bad header).</summary>
        public void Reset()
        {
            _start = 0;
            _end = 0;
        }
    }
}
