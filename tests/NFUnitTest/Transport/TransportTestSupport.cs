// Small helpers shared by the transport and client tests (no source file of their own):
// hex decoding for vectors, a deterministic PRNG (xorshift32), a fixed random source and a
// hand-driven clock. nanoFramework-compatible: no generics, no LINQ.
using System;
using Usmp;

namespace NFUnitTest
{
    internal static class TestHex
    {
        public static byte[] Decode(string hex)
        {
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
            }
            return bytes;
        }

        public static byte[] Slice(byte[] source, int offset, int count)
        {
            byte[] result = new byte[count];
            Array.Copy(source, offset, result, 0, count);
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

    // xorshift32 (Marsaglia 2003): the same sequence on the device and on .NET for a given seed.
    internal sealed class TestPrng
    {
        private uint _state;

        public TestPrng(uint seed)
        {
            _state = seed == 0 ? 1u : seed;
        }

        public uint Next()
        {
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            return _state;
        }

        public int Next(int maxExclusive)
        {
            return (int)(Next() % (uint)maxExclusive);
        }
    }

    // Returns the bytes of a fixed pattern, cycled: repeatable "randomness".
    internal sealed class FixedRandomSource : IRandomSource
    {
        private readonly byte[] _pattern;
        private int _next;

        public FixedRandomSource(byte[] pattern)
        {
            _pattern = pattern;
        }

        public int BytesServed { get; private set; }

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = _pattern[_next];
                _next = (_next + 1) % _pattern.Length;
            }
            BytesServed += count;
        }
    }

    // Passes everything through to an inner link and counts the session-phase UTACKs this end SENT
    // (15 bytes, AC AC ...), and those for seqs at or above a threshold (receipts for forgeries).
    internal sealed class RecordingDatagramLink : IDatagramLink
    {
        private readonly IDatagramLink _inner;
        private readonly uint _suspectFrom;

        public RecordingDatagramLink(IDatagramLink inner, uint suspectFrom)
        {
            _inner = inner;
            _suspectFrom = suspectFrom;
        }

        public int UtacksSent { get; private set; }

        public int SuspectUtacksSent { get; private set; }

        public void Open()
        {
            _inner.Open();
        }

        public void Send(byte[] buffer, int offset, int count)
        {
            if (count == Utack.MacedSize && buffer[offset] == Utack.MagicByte && buffer[offset + 1] == Utack.MagicByte)
            {
                UtacksSent++;
                uint seq = buffer[offset + 3] | ((uint)buffer[offset + 4] << 8) | ((uint)buffer[offset + 5] << 16) | ((uint)buffer[offset + 6] << 24);
                if (seq >= _suspectFrom)
                {
                    SuspectUtacksSent++;
                }
            }
            _inner.Send(buffer, offset, count);
        }

        public int Receive(byte[] buffer, int offset, int count, int timeoutMs)
        {
            return _inner.Receive(buffer, offset, count, timeoutMs);
        }

        public void Close()
        {
            _inner.Close();
        }
    }

    internal sealed class ManualClock : IClock
    {
        public long Now;

        public long NowMilliseconds { get { return Now; } }
    }
}
