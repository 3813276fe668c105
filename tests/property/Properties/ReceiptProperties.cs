// Issue 10, the acknowledgement rule and the key-epoch swap, against plain models:
//   utack_only_after_authentication  (UDP) a stream of genuine peer frames through a hostile
//     channel (duplicates, drops, swaps, forgeries in place: flipped bits with the CRC repaired,
//     sealed under another key or session id; replays of old frames, also from beyond the window):
//     Session.Accept sends exactly the model's UTACKs (genuine, not stale, fresh or an accepted
//     duplicate; HMAC under the rx key), and PreAcknowledge (the transport's question while it
//     sends) agrees with it frame by frame, byte for byte.
//   epoch_swap_grace  (UDP and TCP) two real Sessions, either side starting REKEYs, frames held in
//     flight across them, reordered, duplicated, dropped (UDP), and a clock that jumps up to 40 s:
//     a frame sealed under epoch n is accepted iff n is the receiver's current epoch, or the
//     previous one during its grace (before the sender's first frame under the new keys, fewer than
//     64 old frames, less than 30 s since the swap); never after. Every UTACK verifies at the
//     sender under the epoch the frame was sealed in (while the sender still holds that epoch's tx
//     key) and never under a neighbouring epoch; TCP refuses (typed) exactly what the model refuses.
using FsCheck;
using FsCheck.Fluent;
using Usmp.PropertyTests.Model;
using Xunit;
using Xunit.Abstractions;

namespace Usmp.PropertyTests.Properties;

public sealed class ReceiptProperties(ITestOutputHelper output)
{
    private sealed class Clock : IClock
    {
        public long NowMilliseconds { get; set; } = 1_000_000;
    }

    private sealed class CountingRandom : IRandomSource
    {
        private byte _next = 1;
        public void GetBytes(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++) buffer[offset + i] = _next++;
        }
    }

    private sealed class Recorder : IFrameSink, IUtackSink
    {
        public readonly List<(byte[] Frame, uint Epoch)> Frames = [];
        public readonly List<byte[]> Utacks = [];
        public Session Owner;
        public void SendFrame(byte[] buffer, int offset, int length) => Frames.Add((buffer[offset..(offset + length)], Owner?.TxEpoch ?? 0));
        public void SendUtack(byte[] utack, int offset, int length) => Utacks.Add(utack[offset..(offset + length)]);
    }

    private static byte[] ModelUtack(byte[] rxKey, byte type, uint seq)
    {
        byte[] head = [0xAC, 0xAC, type, .. BitConverter.GetBytes(seq)];
        return [.. head, .. CryptoModel.Hmac(rxKey, head).Take(8)];
    }

    // ---------------------------------------------------------------- the acknowledgement rule

    public enum Op { Deliver, Duplicate, Drop, SwapNext, FlipFixedCrc, OtherKey, OtherSession, ReplayOld }

    public sealed record AckCase(byte[] Key, byte[] OtherKey, byte[] Sid, int[] Gaps, byte[] Types, int[] Lengths, Op[] Ops, int[] Args);

    private static readonly Gen<AckCase> s_ackCases =
        from key in Gens.Bytes(32)
        from other in Gens.Bytes(32)
        from sid in Gens.Bytes(16)
        from n in Gen.Choose(1, 60)
        from gaps in Gen.Frequency((20, Gen.Constant(1)), (2, Gen.Choose(2, 5)), (1, Gen.Choose(60, 80))).ArrayOf(n)
        from types in Gen.Elements((byte)0x05, (byte)0x05, (byte)0x09, (byte)0x06, (byte)0x07).ArrayOf(n)
        from lengths in Gen.Choose(0, 452).ArrayOf(n)
        from ops in Gen.Frequency(
            (12, Gen.Constant(Op.Deliver)), (3, Gen.Constant(Op.Duplicate)), (2, Gen.Constant(Op.Drop)), (2, Gen.Constant(Op.SwapNext)),
            (2, Gen.Constant(Op.FlipFixedCrc)), (2, Gen.Constant(Op.OtherKey)), (1, Gen.Constant(Op.OtherSession)), (3, Gen.Constant(Op.ReplayOld))).ArrayOf(n)
        from args in Gen.Choose(0, 100000).ArrayOf(n)
        select new AckCase(key, other, sid, gaps, types, lengths, ops, args);

    [Fact]
    public void UtacksOnlyForAuthenticatedFramesAndPreAcknowledgeAgrees()
    {
        long acked = 0, refused = 0;
        PropertyRun.Check(output, "utack_only_after_authentication", 1500, s_ackCases, c =>
        {
            // The peer (k_s2c = Key) seals; our session receives with it.
            var genuine = new List<(byte[] Frame, byte Type, uint Seq)>();
            uint seq = 0;
            for (int i = 0; i < c.Gaps.Length; i++)
            {
                seq += i == 0 ? 0 : (uint)c.Gaps[i];
                byte type = c.Types[i];
                int length = type is 0x06 or 0x07 ? 0 : c.Lengths[i];
                genuine.Add((CryptoModel.Seal(type, seq, c.Key, c.Sid, new byte[length]), type, seq));
            }
            var wire = new List<(byte[] Frame, int Genuine)>();   // Genuine: index into genuine, or -1 for a forgery
            var pending = Enumerable.Range(0, genuine.Count).ToList();
            for (int i = 0; i < pending.Count; i++)
            {
                int g = pending[i];
                byte[] f = genuine[g].Frame;
                switch (c.Ops[i])
                {
                    case Op.Drop: break;
                    case Op.Duplicate: wire.Add((f, g)); wire.Add((f, g)); break;
                    case Op.SwapNext when i + 1 < pending.Count: (pending[i], pending[i + 1]) = (pending[i + 1], pending[i]); wire.Add((genuine[pending[i]].Frame, pending[i])); break;
                    case Op.FlipFixedCrc:
                        byte[] flipped = (byte[])f.Clone();
                        int at = 12 + c.Args[i] % (flipped.Length - 12);
                        flipped[at] ^= (byte)(1 << (c.Args[i] % 8));
                        WireModel.FixCrc(flipped);
                        wire.Add((flipped, -1));
                        wire.Add((f, g));
                        break;
                    case Op.OtherKey: wire.Add((CryptoModel.Seal(genuine[g].Type, genuine[g].Seq, c.OtherKey, c.Sid, new byte[f.Length - 40]), -1)); wire.Add((f, g)); break;
                    case Op.OtherSession: wire.Add((CryptoModel.Seal(genuine[g].Type, genuine[g].Seq, c.Key, c.OtherKey[..16], new byte[f.Length - 40]), -1)); wire.Add((f, g)); break;
                    case Op.ReplayOld: wire.Add((f, g)); int old = c.Args[i] % (g + 1); wire.Add((genuine[old].Frame, old)); break;
                    default: wire.Add((f, g)); break;
                }
            }
            var clock = new Clock();
            var session = new Session(SessionKeys.ForClient(c.OtherKey, c.Key, c.Sid), true, new CountingRandom(), clock);
            var sink = new Recorder();
            var seen = new HashSet<uint>();
            uint highest = 0;
            byte[] pre = new byte[15];
            foreach (var (frame, g) in wire)
            {
                clock.NowMilliseconds += 300;   // no PING/PONG flood
                int preLength = session.PreAcknowledge(frame, 0, frame.Length, pre, 0);
                int before = sink.Utacks.Count;
                session.Accept(frame, 0, frame.Length, sink);
                bool emitted = sink.Utacks.Count > before;
                // model: a genuine frame, not behind the window, is acknowledged (fresh: accepted; seen: again)
                bool expected = false;
                if (g >= 0)
                {
                    uint s = genuine[g].Seq;
                    bool stale = (long)s <= (long)highest - 64;
                    expected = !stale;
                    if (!stale && seen.Add(s)) highest = Math.Max(highest, s);
                }
                Assert.True(expected == emitted, $"{(g < 0 ? "forged" : "genuine")} frame: UTACK {(emitted ? "sent" : "not sent")}");
                Assert.True(emitted == (preLength > 0), "PreAcknowledge disagrees with Accept");
                if (emitted)
                {
                    byte[] model = ModelUtack(c.Key, genuine[g].Type, genuine[g].Seq);
                    Assert.Equal(model, sink.Utacks[^1]);
                    Assert.Equal(model, pre[..preLength]);
                    acked++;
                }
                else refused++;
            }
        });
        Console.WriteLine($"utack_only_after_authentication: frames acknowledged {acked}, refused {refused}");
    }

    // ---------------------------------------------------------------- the epoch swap and its grace

    public enum Step { AToB, BToA, RekeyA, RekeyB, ToB, ToA, HoldToB, HoldToA, DupToB, DupToA, DropToB, DropToA, Clock }

    public sealed record EpochCase(bool Udp, byte[] K1, byte[] K2, byte[] Sid, Step[] Steps, int[] Args);

    private static Gen<Step> Steps(bool udp)
    {
        var steps = new List<(int, Gen<Step>)>
        {
            (10, Gen.Constant(Step.AToB)), (10, Gen.Constant(Step.BToA)), (2, Gen.Constant(Step.RekeyA)), (2, Gen.Constant(Step.RekeyB)),
            (14, Gen.Constant(Step.ToB)), (14, Gen.Constant(Step.ToA)), (3, Gen.Constant(Step.Clock)),
        };
        if (udp)   // TCP keeps order and loses nothing: frames only wait in flight
        {
            steps.AddRange([(2, Gen.Constant(Step.HoldToB)), (2, Gen.Constant(Step.HoldToA)), (2, Gen.Constant(Step.DupToB)),
                (2, Gen.Constant(Step.DupToA)), (1, Gen.Constant(Step.DropToB)), (1, Gen.Constant(Step.DropToA))]);
        }
        return Gen.Frequency(steps.ToArray());
    }

    private static Gen<EpochCase> EpochCases(bool udp) =>
        from k1 in Gens.Bytes(32)
        from k2 in Gens.Bytes(32)
        from sid in Gens.Bytes(16)
        from steps in Steps(udp).ArrayOf(400)
        from args in Gen.Frequency((6, Gen.Choose(0, 2000)), (2, Gen.Choose(2000, 31000)), (1, Gen.Choose(29000, 40000))).ArrayOf(400)
        select new EpochCase(udp, k1, k2, sid, steps, args);

    /// <summary>The receiving side's epochs as the rule states them.</summary>
    private sealed class EpochModel(bool udp)
    {
        public uint Current;
        public bool PreviousOpens;
        public long SwappedAt = long.MinValue / 2;
        public int GraceFrames;
        public readonly Dictionary<uint, HashSet<uint>> Seen = new();
        public readonly Dictionary<uint, uint> Highest = new(), Expected = new();

        /// <summary>Accepted (fresh), Duplicate (acknowledged again), or null (refused). Applies the state change.</summary>
        public string Receive(uint epoch, uint seq, bool rekey, long now)
        {
            if (PreviousOpens && now - SwappedAt >= 30000) PreviousOpens = false;
            bool opens = epoch == Current || (epoch + 1 == Current && PreviousOpens);
            if (!opens) return null;
            var seen = Seen.TryGetValue(epoch, out var s) ? s : Seen[epoch] = [];
            uint highest = Highest.GetValueOrDefault(epoch);
            if (udp && (long)seq <= (long)highest - 64) return null;
            if (udp && seen.Contains(seq)) return "duplicate";
            if (rekey && epoch != Current) return null;   // a collision (never generated here)
            if (!udp && seq != Expected.GetValueOrDefault(epoch)) return null;
            seen.Add(seq);
            Highest[epoch] = Math.Max(highest, seq);
            Expected[epoch] = seq + 1;
            if (epoch == Current) PreviousOpens = false;
            else if (++GraceFrames >= 64) PreviousOpens = false;
            if (rekey) Swap(now);
            return "accepted";
        }

        public void Swap(long now)
        {
            Current++;
            PreviousOpens = true;
            SwappedAt = now;
            GraceFrames = 0;
        }

        public bool HoldsTxKey(uint epoch, long now) => epoch == Current || (epoch + 1 == Current && now - SwappedAt < 30000);
    }

    private sealed record InFlight(byte[] Frame, uint Epoch);

    [Fact]
    public void UdpEpochSwapAndGraceMatchTheModel() => RunEpochs(true, "epoch_swap_grace_udp", 600);

    [Fact]
    public void TcpEpochSwapAndGraceMatchTheModel() => RunEpochs(false, "epoch_swap_grace_tcp", 500);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> s_stats = new();

    private void RunEpochs(bool udp, string name, int cases)
    {
        PropertyRun.Check(output, name, cases, EpochCases(udp), c =>
        {
            var clock = new Clock();
            var a = new Session(SessionKeys.ForClient(c.K1, c.K2, c.Sid), udp, new CountingRandom(), clock);
            var b = new Session(SessionKeys.ForServer(c.K1, c.K2, c.Sid), udp, new CountingRandom(), clock);
            var sinkA = new Recorder { Owner = a };
            var sinkB = new Recorder { Owner = b };
            var toB = new List<InFlight>();
            var toA = new List<InFlight>();
            var modelA = new EpochModel(udp);   // A's receiving side (and its own swaps)
            var modelB = new EpochModel(udp);
            int sentA = 0, sentB = 0;
            bool RekeyInFlight() => toB.Concat(toA).Any(f => f.Frame[3] == 0x0B);
            for (int i = 0; i < c.Steps.Length; i++)
            {
                int arg = c.Args[i];
                switch (c.Steps[i])
                {
                    case Step.AToB: a.Send(new byte[arg % 100], 0, arg % 100, sinkA); break;
                    case Step.BToA: b.Send(new byte[arg % 100], 0, arg % 100, sinkB); break;
                    case Step.RekeyA when !RekeyInFlight(): a.Rekey(sinkA); modelA.Swap(clock.NowMilliseconds); break;
                    case Step.RekeyB when !RekeyInFlight(): b.Rekey(sinkB); modelB.Swap(clock.NowMilliseconds); break;
                    case Step.Clock: clock.NowMilliseconds += arg; break;
                    case Step.HoldToB when toB.Count > 1: toB.Add(toB[0]); toB.RemoveAt(0); break;
                    case Step.HoldToA when toA.Count > 1: toA.Add(toA[0]); toA.RemoveAt(0); break;
                    case Step.DupToB when toB.Count > 0: toB.Add(toB[0]); break;
                    case Step.DupToA when toA.Count > 0: toA.Add(toA[0]); break;
                    case Step.DropToB when toB.Count > 0 && toB[0].Frame[3] != 0x0B: toB.RemoveAt(0); break;
                    case Step.DropToA when toA.Count > 0 && toA[0].Frame[3] != 0x0B: toA.RemoveAt(0); break;
                    case Step.ToB when toB.Count > 0:
                        if (!Deliver(toB, b, sinkB, modelB, a, modelA, clock, "A->B")) return;
                        break;
                    case Step.ToA when toA.Count > 0:
                        if (!Deliver(toA, a, sinkA, modelA, b, modelB, clock, "B->A")) return;
                        break;
                }
                for (; sentA < sinkA.Frames.Count; sentA++) toB.Add(new InFlight(sinkA.Frames[sentA].Frame, sinkA.Frames[sentA].Epoch));
                for (; sentB < sinkB.Frames.Count; sentB++) toA.Add(new InFlight(sinkB.Frames[sentB].Frame, sinkB.Frames[sentB].Epoch));
            }
        });
        Console.WriteLine($"{name}: " + string.Join(", ", s_stats.Where(kv => kv.Key.StartsWith(name)).OrderBy(kv => kv.Key).Select(kv => $"{kv.Key[(name.Length + 1)..]} {kv.Value}")));

        bool Deliver(List<InFlight> queue, Session receiver, Recorder receiverSink, EpochModel model, Session sender, EpochModel senderModel, Clock clock, string dir)
        {
            InFlight f = queue[0];
            queue.RemoveAt(0);
            byte type = f.Frame[3];
            uint seq = WireModel.Seq(f.Frame);
            string expected = model.Receive(f.Epoch, seq, type == 0x0B, clock.NowMilliseconds);
            string grace = f.Epoch + 1 == model.Current ? "previous epoch" : f.Epoch == model.Current ? "current epoch" : "other epoch";
            s_stats.AddOrUpdate($"{name} {grace} {expected ?? "refused"}", 1, (_, n) => n + 1);
            int before = receiverSink.Utacks.Count;
            Type thrown = null;
            try { receiver.Accept(f.Frame, 0, f.Frame.Length, receiverSink); }
            catch (UsmpException e) { thrown = e.GetType(); }
            if (!udp)
            {
                Assert.True((expected == null) == (thrown != null), $"{dir} TCP frame of epoch {f.Epoch} seq {seq} ({grace}): model {expected ?? "refuses"}, session {(thrown?.Name ?? "accepted")}");
                return thrown == null;
            }
            Assert.Null(thrown);
            bool emitted = receiverSink.Utacks.Count > before;
            Assert.True((expected != null) == emitted, $"{dir} UDP frame of epoch {f.Epoch} seq {seq} ({grace}): model {expected ?? "refuses"}, UTACK {(emitted ? "sent" : "not sent")}");
            if (emitted)
            {
                byte[] utack = receiverSink.Utacks[^1];
                if (senderModel.HoldsTxKey(f.Epoch, clock.NowMilliseconds))
                    Assert.True(sender.UtackMatches(utack, 0, utack.Length, type, seq, f.Epoch), $"{dir}: the sender refuses the receipt for its epoch-{f.Epoch} frame");
                Assert.False(sender.UtackMatches(utack, 0, utack.Length, type, seq, f.Epoch + 1), "a receipt verifies under the next epoch");
                Assert.False(f.Epoch > 0 && sender.UtackMatches(utack, 0, utack.Length, type, seq, f.Epoch - 1), "a receipt verifies under the previous epoch");
            }
            return true;
        }
    }
}
