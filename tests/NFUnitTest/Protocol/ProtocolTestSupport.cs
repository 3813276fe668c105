// Helpers for the protocol tests (no source file of their own): byte helpers (hex and slices
// come from TestHex in Transport/TransportTestSupport.cs), a frame recorder sink, a failing sink
// and a scripted random source; the hand-driven clock is ManualClock there too.
// nanoFramework-compatible C#.
using System;
using System.Collections;
using Usmp;

namespace NFUnitTest.Protocol
{
    internal static class Bytes
    {
        public static byte[] FromHex(string hex)
        {
            return TestHex.Decode(hex);
        }

        public static bool AllZero(byte[] data)
        {
            int acc = 0;
            for (int i = 0; i < data.Length; i++)
            {
                acc |= data[i];
            }
            return acc == 0;
        }

        public static byte[] Slice(byte[] source, int offset, int count)
        {
            return TestHex.Slice(source, offset, count);
        }

        public static byte[] Concat(byte[] a, byte[] b)
        {
            byte[] result = new byte[a.Length + b.Length];
            Array.Copy(a, 0, result, 0, a.Length);
            Array.Copy(b, 0, result, a.Length, b.Length);
            return result;
        }

        /// <summary>Deterministic bytes: (i * 7 + seed) mod 256.</summary>
        public static byte[] Pattern(int length, int seed)
        {
            byte[] result = new byte[length];
            for (int i = 0; i < length; i++)
            {
                result[i] = (byte)(i * 7 + seed);
            }
            return result;
        }
    }

    /// <summary>Records a copy of every frame written, and (apart) of every UTACK a datagram session sends.</summary>
    internal sealed class FrameRecorder : IFrameSink, IUtackSink
    {
        private readonly ArrayList _frames = new ArrayList();
        private readonly ArrayList _utacks = new ArrayList();

        /// <summary>UTACKs the session sent (over UDP, only for frames it authenticated, §8).</summary>
        public int UtackCount
        {
            get { return _utacks.Count; }
        }

        public byte[] Utack(int index)
        {
            return (byte[])_utacks[index];
        }

        public void SendUtack(byte[] utack, int offset, int length)
        {
            _utacks.Add(Bytes.Slice(utack, offset, length));
        }

        public int Count
        {
            get { return _frames.Count; }
        }

        public byte[] this[int index]
        {
            get { return (byte[])_frames[index]; }
        }

        public void SendFrame(byte[] buffer, int offset, int length)
        {
            _frames.Add(Bytes.Slice(buffer, offset, length));
        }

        public void Clear()
        {
            _frames.Clear();
            _utacks.Clear();
        }
    }

    /// <summary>A sink whose writes always fail (a broken transport).</summary>
    internal sealed class FailingSink : IFrameSink
    {
        public void SendFrame(byte[] buffer, int offset, int length)
        {
            throw new ConnectionClosedException("test sink refuses writes");
        }
    }

    /// <summary>Serves the given blocks in order (each request must take a whole block), then zeros.</summary>
    internal sealed class ScriptedRandom : IRandomSource
    {
        private readonly byte[][] _blocks;
        private int _next;

        public ScriptedRandom(byte[][] blocks)
        {
            _blocks = blocks;
        }

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            if (_next >= _blocks.Length)
            {
                Array.Clear(buffer, offset, count);
                return;
            }
            byte[] block = _blocks[_next++];
            if (block.Length != count)
            {
                throw new InvalidOperationException("scripted random block has the wrong size");
            }
            Array.Copy(block, 0, buffer, offset, count);
        }
    }
}
