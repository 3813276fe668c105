// The UDP transport's read queue (spec usmp-v2.md §8: at most 4096 bytes of frames wait per
// stream). A ring over one buffer where every frame lies in one piece, so the oldest frame is
// handed out where it lies (Take) and opened from there: no shifting on dequeue, no copy out.
//
// The frame handed out stays put (and counts against the 4096 bytes) until the next Take or
// Release, so frames queued meanwhile (while the session answers a PING, say) never overwrite it.
// The buffer is 4096 + 492 bytes: the unused end left by a wrap is always shorter than one frame,
// so a frame always fits when the 4096-byte rule admits it.
// Allocated once per transport; nothing per frame.
using System;

namespace Usmp
{
    internal sealed class DatagramQueue
    {
        private readonly int _capacity;
        private readonly byte[] _buffer;
        private readonly int[] _offsets;
        private readonly int[] _lengths;
        private int _first;       // index of the oldest frame kept (the one handed out, if any)
        private int _kept;        // frames kept, the one handed out included
        private int _bytes;       // their bytes (the 4096 rule)
        private int _writeAt;     // where the next frame goes, unless it has to wrap
        private bool _handedOut;  // the frame at _first was handed out by Take

        /// <param name="capacity">Bytes of frames that may wait (§8: 4096).</param>
        /// <param name="maxFrames">Frames that may wait.</param>
        public DatagramQueue(int capacity, int maxFrames)
        {
            _capacity = capacity;
            _buffer = new byte[capacity + UsmpConstants.MaxFrame];
            _offsets = new int[maxFrames + 1];   // + the frame handed out
            _lengths = new int[maxFrames + 1];
        }

        /// <summary>The ring's buffer: Take's frames lie in it.</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>Frames waiting (not counting the one handed out).</summary>
        public int Count { get { return _handedOut ? _kept - 1 : _kept; } }

        /// <summary>§8: a frame of this length may still wait here.</summary>
        public bool Admits(int length)
        {
            int waiting = _handedOut ? _kept - 1 : _kept;
            return _bytes + length <= _capacity && waiting < _offsets.Length - 1;
        }

        /// <summary>Copies a frame (public bytes) in at the tail. Call only when Admits(length).</summary>
        public void Enqueue(byte[] source, int offset, int length)
        {
            int at = Place(length);
            Array.Copy(source, offset, _buffer, at, length);
            int slot = (_first + _kept) % _offsets.Length;
            _offsets[slot] = at;
            _lengths[slot] = length;
            _kept++;
            _bytes += length;
            _writeAt = at + length;
        }

        /// <summary>Releases the frame handed out before, then hands out the oldest waiting one: its length (Buffer[offset..]), or 0 when none waits.</summary>
        public int Take(out int offset)
        {
            if (_handedOut)
            {
                Release();
            }
            if (_kept == 0)
            {
                offset = 0;
                return 0;
            }
            _handedOut = true;
            offset = _offsets[_first];
            return _lengths[_first];
        }

        /// <summary>The frame handed out is done with: its bytes are free again.</summary>
        public void Release()
        {
            if (!_handedOut)
            {
                return;
            }
            _handedOut = false;
            _bytes -= _lengths[_first];
            _first = (_first + 1) % _offsets.Length;
            _kept--;
            if (_kept == 0)
            {
                _writeAt = 0;
            }
        }

        public void Clear()
        {
            _first = 0;
            _kept = 0;
            _bytes = 0;
            _writeAt = 0;
            _handedOut = false;
        }

        // Behind the newest frame if it fits before the end of the buffer, else from the front
        // (there is room before the oldest frame: see the top of the file).
        private int Place(int length)
        {
            if (_kept == 0)
            {
                return 0;
            }
            bool wrapped = _writeAt <= _offsets[_first];
            if (wrapped || _writeAt + length <= _buffer.Length)
            {
                return _writeAt;
            }
            return 0;
        }
    }
}
