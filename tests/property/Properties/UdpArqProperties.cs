// UdpTransport's stop-and-wait ARQ (§8) + Session (§6/§7) over a simulated lossy datagram link
// with generated loss / duplication / reordering patterns in each direction, in virtual time (a
// receive that finds nothing advances the clock by its whole timeout, so retransmission waits
// cost nothing). Single-threaded: while the sender waits for a UTACK, the receiver is pumped.
// Property: every message arrives exactly once and in order; if the sender gave up
// (TransportException after 5 attempts) the receiver got a prefix, ending at most with the
// message that failed (its UTACKs may be what was lost).
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using Xunit.Abstractions;

namespace Usmp.PropertyTests.Properties;

public sealed class UdpArqProperties(ITestOutputHelper output)
{
    private sealed class VirtualClock : IClock
    {
        public long NowMilliseconds { get; set; } = 10_000;
    }

    public enum Impair { Deliver, Drop, Duplicate, Hold }

    private sealed class SimLink(VirtualClock clock, Impair[] pattern) : IDatagramLink
    {
        public readonly Queue<byte[]> Inbound = new();
        public SimLink Peer;
        public System.Action Pump;
        private int _next, _dropRun;
        private byte[] _held;

        public void Open() { }
        public void Close() { }

        public void Send(byte[] buffer, int offset, int count)
        {
            byte[] datagram = buffer[offset..(offset + count)];
            Impair op = pattern[_next++ % pattern.Length];
            if (op == Impair.Drop && _dropRun < 2)
            {
                _dropRun++;
                return;
            }
            _dropRun = 0;
            if (op == Impair.Hold && _held == null)
            {
                _held = datagram;   // goes out after the next datagram
                return;
            }
            Peer.Inbound.Enqueue(datagram);
            if (op == Impair.Duplicate)
            {
                Peer.Inbound.Enqueue(datagram);
            }
            Flush();
        }

        public void Flush()
        {
            if (_held != null)
            {
                Peer.Inbound.Enqueue(_held);
                _held = null;
            }
        }

        public int Receive(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (Inbound.Count == 0)
            {
                Pump?.Invoke();
            }
            if (Inbound.Count > 0)
            {
                byte[] d = Inbound.Dequeue();
                int n = Math.Min(count, d.Length);
                Array.Copy(d, 0, buffer, offset, n);
                return n;
            }
            clock.NowMilliseconds += Math.Max(1, timeoutMs);
            return 0;
        }
    }

    private sealed class NoRandom : IRandomSource
    {
        public void GetBytes(byte[] buffer, int offset, int count) => Array.Clear(buffer, offset, count);
    }

    public sealed record Case(Impair[] Forward, Impair[] Backward, int[] Lengths, byte[] Key1, byte[] Key2, byte[] SessionId);

    private static readonly Gen<Impair> s_impair = Gen.Frequency(
        (70, Gen.Constant(Impair.Deliver)), (15, Gen.Constant(Impair.Drop)), (8, Gen.Constant(Impair.Duplicate)), (7, Gen.Constant(Impair.Hold)));

    private static readonly Gen<Case> s_cases =
        from forward in s_impair.ArrayOf(37)
        from backward in s_impair.ArrayOf(41)
        from lengths in Gen.Choose(1, 8).SelectMany(n => Gen.Frequency((4, Gen.Choose(0, 100)), (1, Gen.Choose(0, 1808))).ArrayOf(n))
        from k1 in Gens.Bytes(32)
        from k2 in Gens.Bytes(32)
        from sid in Gens.Bytes(16)
        select new Case(forward, backward, lengths, k1, k2, sid);

    private static int s_gaveUp;

    [Fact]
    public void EveryMessageExactlyOnceInOrderOverALossyLink()
    {
        PropertyRun.Check(output, "udp_arq_lossy_link_exactly_once_in_order", 1000, s_cases, c =>
        {
            var clock = new VirtualClock();
            var senderLink = new SimLink(clock, c.Forward);
            var receiverLink = new SimLink(clock, c.Backward);
            senderLink.Peer = receiverLink;
            receiverLink.Peer = senderLink;
            var sender = new UdpTransport(senderLink, clock);
            var receiver = new UdpTransport(receiverLink, clock);   // session frames only: the gateway's handshake duplicate rule does not apply
            SessionKeys senderKeys = SessionKeys.ForClient(c.Key1, c.Key2, c.SessionId);
            SessionKeys receiverKeys = SessionKeys.ForServer(c.Key1, c.Key2, c.SessionId);
            var senderSession = new Session(senderKeys, true, new NoRandom(), clock);
            var receiverSession = new Session(receiverKeys, true, new NoRandom(), clock);
            sender.Open();
            receiver.Open();
            sender.AttachSession(senderSession);
            receiver.AttachSession(receiverSession);

            var delivered = new List<byte[]>();
            byte[] frame = new byte[UsmpConstants.MaxFrame];
            void PumpReceiver()
            {
                while (receiverLink.Inbound.Count > 0 || receiver.QueuedFrames > 0)
                {
                    int n = receiver.ReceiveFrame(frame, 0, 1);
                    if (n == 0) continue;
                    SessionEvent e = receiverSession.Accept(frame, 0, n, receiver);
                    if (e == SessionEvent.Message)
                    {
                        delivered.Add(receiverSession.MessageBuffer[..receiverSession.MessageLength]);
                    }
                }
            }
            senderLink.Pump = PumpReceiver;

            var messages = c.Lengths.Select((len, i) => Enumerable.Range(0, len).Select(k => (byte)(k * 3 + i * 101)).ToArray()).ToList();
            int failedAt = -1;
            for (int i = 0; i < messages.Count && failedAt < 0; i++)
            {
                try
                {
                    senderSession.Send(messages[i], 0, messages[i].Length, sender);
                }
                catch (TransportException)
                {
                    failedAt = i;
                    Interlocked.Increment(ref s_gaveUp);
                }
            }
            senderLink.Flush();
            receiverLink.Flush();
            PumpReceiver();

            int expected = failedAt < 0 ? messages.Count : failedAt;
            Assert.InRange(delivered.Count, expected, failedAt < 0 ? expected : expected + 1);
            for (int i = 0; i < delivered.Count; i++)
            {
                Assert.Equal(messages[i], delivered[i]);
            }
        });
        output.WriteLine($"cases where the sender gave up after 5 attempts: {s_gaveUp}");
    }
}
