// An in-memory datagram link for tests: two connected ends, each able to impair what it sends
// (loss, duplication, reordering) from a seeded xorshift32 generator, so a lossy run is
// repeatable, plus one scripted loss (DropFirstStartingWith: "lose the UTACK for the REKEY"). At most MaxConsecutiveDrops datagrams in a row are lost in one direction, which
// keeps the 5-attempt ARQ of §8 able to get through (a real network gives no such promise; the
// tests that want total loss use LossPercent = 100 and MaxConsecutiveDrops = int.MaxValue).
using System;

namespace Usmp
{
    public sealed class InMemoryDatagramLink : IDatagramLink
    {
        private const int PipeBytes = 16384;
        private const int PipeChunks = 256;
        private const int MaxDatagram = 512;

        private readonly InMemoryPipe _inbound;
        private readonly InMemoryPipe _outbound;
        private readonly byte[] _held = new byte[MaxDatagram];
        private int _heldLength = -1;
        private uint _state = 1;
        private int _dropRun;
        private byte[] _dropPrefix;

        private InMemoryDatagramLink(InMemoryPipe inbound, InMemoryPipe outbound)
        {
            _inbound = inbound;
            _outbound = outbound;
            MaxConsecutiveDrops = 2;
        }

        public static void CreatePair(out InMemoryDatagramLink a, out InMemoryDatagramLink b)
        {
            InMemoryPipe aToB = new InMemoryPipe(PipeBytes, PipeChunks);
            InMemoryPipe bToA = new InMemoryPipe(PipeBytes, PipeChunks);
            a = new InMemoryDatagramLink(bToA, aToB);
            b = new InMemoryDatagramLink(aToB, bToA);
        }

        // Impairments applied to what THIS end sends, in percent.
        public int LossPercent { get; set; }

        public int DuplicatePercent { get; set; }

        public int ReorderPercent { get; set; }

        public int MaxConsecutiveDrops { get; set; }

        public int Sent { get; private set; }

        public int Dropped { get; private set; }

        public int Duplicated { get; private set; }

        public int Reordered { get; private set; }

        // Scripted losses so far (DropFirstStartingWith).
        public int ScriptedDrops { get; private set; }

        // Loses the first datagram this end sends that starts with prefix (one scripted loss, e.g. the
        // UTACK for a REKEY: AC AC 0B), whatever the random impairments say; then they apply again.
        public void DropFirstStartingWith(byte[] prefix)
        {
            _dropPrefix = prefix;
        }

        public void Seed(uint seed)
        {
            _state = seed == 0 ? 1u : seed;
        }

        public void Open()
        {
        }

        public void Send(byte[] buffer, int offset, int count)
        {
            Sent++;
            if (StartsWithDropPrefix(buffer, offset, count))
            {
                _dropPrefix = null;
                ScriptedDrops++;
                Dropped++;
                return;
            }
            if (Roll(LossPercent) && _dropRun < MaxConsecutiveDrops)
            {
                _dropRun++;
                Dropped++;
                return;
            }
            _dropRun = 0;
            if (_heldLength < 0 && count <= MaxDatagram && Roll(ReorderPercent))
            {
                Array.Copy(buffer, offset, _held, 0, count);
                _heldLength = count;
                Reordered++;
                return;
            }
            _outbound.Write(buffer, offset, count);
            if (Roll(DuplicatePercent))
            {
                Duplicated++;
                _outbound.Write(buffer, offset, count);
            }
            ReleaseHeld();
        }

        public int Receive(byte[] buffer, int offset, int count, int timeoutMs)
        {
            int length = _inbound.Read(buffer, offset, count, timeoutMs);
            return length < 0 ? 0 : length;
        }

        // Both directions end; pending datagrams are lost.
        public void Close()
        {
            _outbound.Close();
            _inbound.Close();
        }

        // A reordered datagram goes out right after the next one.
        private void ReleaseHeld()
        {
            if (_heldLength >= 0)
            {
                _outbound.Write(_held, 0, _heldLength);
                _heldLength = -1;
            }
        }

        private bool StartsWithDropPrefix(byte[] buffer, int offset, int count)
        {
            byte[] prefix = _dropPrefix;
            if (prefix == null || count < prefix.Length)
            {
                return false;
            }
            for (int i = 0; i < prefix.Length; i++)
            {
                if (buffer[offset + i] != prefix[i])
                {
                    return false;
                }
            }
            return true;
        }

        private bool Roll(int percent)
        {
            if (percent <= 0)
            {
                return false;
            }
            // xorshift32 (Marsaglia 2003): deterministic for a given seed and send order.
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            return (int)(_state % 100) < percent;
        }
    }
}
