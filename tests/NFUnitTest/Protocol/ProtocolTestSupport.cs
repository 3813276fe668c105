// Helpers for the protocol tests (no source file of their own): hex, zero checks, a frame
// recorder sink, a scripted random source and a hand-driven clock. nanoFramework-compatible C#.
using System;
using System.Collections;
using Usmp;

namespace NFUnitTest.Protocol
{
    internal static class Bytes
    {
        public static byte[] FromHex(string hex)
        {
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
            }
            return bytes;
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
            byte[] result = new byte[count];
            Array.Copy(source, offset, result, 0, count);
            return result;
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

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }
            throw new ArgumentException("not hex");
        }
    }

    /// <summary>Records a copy of every frame written.</summary>
    internal sealed class FrameRecorder : IFrameSink
    {
        private readonly ArrayList _frames = new ArrayList();

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

    internal sealed class StepClock : IClock
    {
        public long Now;

        public long NowMilliseconds
        {
            get { return Now; }
        }
    }
}
