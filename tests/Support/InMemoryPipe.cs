// One direction of an in-memory connection: a bounded FIFO of byte chunks (frames or
// datagrams) between two threads, for tests and host benchmarks. Storage is one byte ring and
// one length ring, allocated once, so a writer and a reader in the same thread allocate nothing
// per chunk (the host benchmark measures exactly that).
using System;
using System.Threading;

namespace Usmp
{
    public sealed class InMemoryPipe
    {
        private readonly object _lock = new object();
        private readonly AutoResetEvent _readable = new AutoResetEvent(false);
        private readonly byte[] _bytes;
        private readonly int[] _lengths;
        private int _byteHead;     // next byte to read
        private int _byteCount;
        private int _chunkHead;
        private int _chunkCount;
        private bool _closed;

        public InMemoryPipe(int capacityBytes, int capacityChunks)
        {
            _bytes = new byte[capacityBytes];
            _lengths = new int[capacityChunks];
        }

        public bool IsClosed { get { return _closed; } }

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _chunkCount;
                }
            }
        }

        // Appends one chunk. Returns false (chunk dropped) when the pipe is full or closed.
        public bool Write(byte[] buffer, int offset, int count)
        {
            lock (_lock)
            {
                if (_closed || _chunkCount == _lengths.Length || _byteCount + count > _bytes.Length)
                {
                    return false;
                }
                int tail = (_byteHead + _byteCount) % _bytes.Length;
                CopyIn(buffer, offset, count, tail);
                _byteCount += count;
                _lengths[(_chunkHead + _chunkCount) % _lengths.Length] = count;
                _chunkCount++;
            }
            _readable.Set();
            return true;
        }

        // Takes the oldest chunk into buffer[offset..] (truncated to count). Returns its length,
        // 0 when none arrived within timeoutMs, -1 when the pipe is closed and empty.
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            long deadline = DateTime.UtcNow.Ticks + (long)timeoutMs * TimeSpan.TicksPerMillisecond;
            while (true)
            {
                lock (_lock)
                {
                    if (_chunkCount > 0)
                    {
                        return TakeLocked(buffer, offset, count);
                    }
                    if (_closed)
                    {
                        return -1;
                    }
                }
                // The event may still be set by a chunk already taken: loop until the deadline.
                long remaining = (deadline - DateTime.UtcNow.Ticks) / TimeSpan.TicksPerMillisecond;
                if (remaining <= 0)
                {
                    return 0;
                }
                _readable.WaitOne((int)remaining, false);
            }
        }

        // Ends the pipe: pending chunks stay readable, then Read returns -1.
        public void Close()
        {
            lock (_lock)
            {
                _closed = true;
            }
            _readable.Set();
        }

        private int TakeLocked(byte[] buffer, int offset, int count)
        {
            int length = _lengths[_chunkHead];
            int copy = length < count ? length : count;
            CopyOut(buffer, offset, copy);
            _byteHead = (_byteHead + length) % _bytes.Length;
            _byteCount -= length;
            _chunkHead = (_chunkHead + 1) % _lengths.Length;
            _chunkCount--;
            return length;
        }

        private void CopyIn(byte[] source, int offset, int count, int at)
        {
            int first = _bytes.Length - at;
            if (first >= count)
            {
                Array.Copy(source, offset, _bytes, at, count);
                return;
            }
            Array.Copy(source, offset, _bytes, at, first);
            Array.Copy(source, offset + first, _bytes, 0, count - first);
        }

        private void CopyOut(byte[] target, int offset, int count)
        {
            int first = _bytes.Length - _byteHead;
            if (first >= count)
            {
                Array.Copy(_bytes, _byteHead, target, offset, count);
                return;
            }
            Array.Copy(_bytes, _byteHead, target, offset, first);
            Array.Copy(_bytes, 0, target, offset + first, count - first);
        }
    }
}
