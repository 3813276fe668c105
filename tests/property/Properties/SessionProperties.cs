// Session.Accept (§4-§8) on TCP and UDP fed generated peer traffic (sealed by a model peer with
// .NET AesGcm, see CryptoModel) pushed through a generated hostile channel (drops, duplicates,
// swaps, replays of earlier frames, raw and CRC-fixed bit flips, forgeries under a wrong key,
// junk, truncation) with a generated clock. A plain receiver model decides from the bytes alone
// what must happen, including issue 10's rules (key epochs with the previous one's grace after a
// REKEY: 30 s, 64 frames, or the first frame under the new keys; authenticate, then acknowledge;
// a message starts only right after the last accepted frame, at a message boundary):
//   - delivered messages == the model's delivered messages (same bytes, same order);
//   - TCP: the first refused frame throws exactly the type the model predicts, at the same frame;
//   - UDP: the UTACKs the session sends == the model's, byte for byte (HMAC of the epoch that
//     opened the frame): one for every accepted frame and authenticated duplicate, none else;
//   - every PONG the session writes opens under the model's tx key at the model's seq;
//   - independent of the model: every delivered message is a WHOLE run DATA_FRAG* DATA the peer
//     really sent (starting right after a frame of the peer that was not a fragment of it), and no
//     such run is delivered twice (nothing forged, replayed, or partial).
// The receiver model itself is in SessionProperties.ReceiverModel.cs.
using FsCheck;
using FsCheck.Fluent;
using Usmp.PropertyTests.Model;
using Xunit;
using Xunit.Abstractions;

namespace Usmp.PropertyTests.Properties;

public sealed partial class SessionProperties(ITestOutputHelper output)
{
    // ---------------------------------------------------------------- peer traffic

    public enum PeerKind { Message, RawFrag, RawData, Ping, Pong, Rekey, BadRekey, Bye, SkipSeq, JumpSeq }

    public sealed record PeerAction(PeerKind Kind, int Length, int Fill);

    public enum Channel { Deliver, Drop, Duplicate, SwapNext, FlipRaw, FlipFixedCrc, Forge, ReplayEarlier, Junk, Truncate }

    public sealed record ChannelOp(Channel Op, int A, int B);

    public sealed record Case(bool Udp, byte[] KC2s, byte[] KS2c, byte[] SessionId, PeerAction[] Peer, ChannelOp[] Ops, int[] ClockSteps, byte[] Salt);

    private static readonly Gen<PeerAction> s_peerAction =
        from kind in Gen.Frequency(
            (10, Gen.Constant(PeerKind.Message)), (2, Gen.Constant(PeerKind.RawFrag)), (1, Gen.Constant(PeerKind.RawData)),
            (3, Gen.Constant(PeerKind.Ping)), (2, Gen.Constant(PeerKind.Pong)), (1, Gen.Constant(PeerKind.Rekey)),
            (1, Gen.Constant(PeerKind.BadRekey)), (1, Gen.Constant(PeerKind.Bye)), (1, Gen.Constant(PeerKind.SkipSeq)),
            (1, Gen.Constant(PeerKind.JumpSeq)))
        from length in Gen.Frequency((5, Gen.Choose(0, 40)), (2, Gen.Choose(0, 1808)), (1, Gen.Elements(452, 453, 904, 1356, 1357, 1808)))
        from fill in Gen.Choose(0, 255)
        select new PeerAction(kind, length, fill);

    private static readonly Gen<ChannelOp> s_channelOp =
        from op in Gen.Frequency(
            (30, Gen.Constant(Channel.Deliver)), (3, Gen.Constant(Channel.Drop)), (3, Gen.Constant(Channel.Duplicate)),
            (3, Gen.Constant(Channel.SwapNext)), (2, Gen.Constant(Channel.FlipRaw)), (2, Gen.Constant(Channel.FlipFixedCrc)),
            (2, Gen.Constant(Channel.Forge)), (3, Gen.Constant(Channel.ReplayEarlier)), (1, Gen.Constant(Channel.Junk)),
            (1, Gen.Constant(Channel.Truncate)))
        from a in Gen.Choose(0, 100000)
        from b in Gen.Choose(0, 255)
        select new ChannelOp(op, a, b);

    private static Gen<Case> Cases(bool udp, bool clean) =>
        from k1 in Gens.Bytes(32)
        from k2 in Gens.Bytes(32)
        from sid in Gens.Bytes(16)
        from peer in Gen.Choose(1, 14).SelectMany(n => s_peerAction.ArrayOf(n))
        from ops in (clean ? Gen.Constant(new ChannelOp(Channel.Deliver, 0, 0)) : s_channelOp).ArrayOf(80)
        from clock in Gen.Frequency((3, Gen.Choose(0, 60)), (1, Gen.Choose(0, 1500))).ArrayOf(200)
        from salt in Gens.Bytes(32)
        select new Case(udp, k1, k2, sid, peer, ops, clock, salt);

    /// <summary>One frame the model peer sent, and whether it can end a message run.</summary>
    private sealed record Sent(byte[] Frame, byte Type, int Epoch, uint Seq, byte[] Plaintext);

    /// <summary>The model peer (the gateway side): seals with k_s2c, seqs from 0, REKEY as initiator.</summary>
    private static List<Sent> PeerFrames(Case c)
    {
        var sent = new List<Sent>();
        byte[] tx = c.KS2c, rx = c.KC2s;
        int epoch = 0;
        uint seq = 0;
        void Send(byte type, byte[] plaintext)
        {
            sent.Add(new Sent(CryptoModel.Seal(type, seq, tx, c.SessionId, plaintext), type, epoch, seq, plaintext));
            if (seq != 0xFFFFFFFFu)
            {
                seq++;   // a misbehaving peer keeps sending at the terminal seq (§6: the receiver refuses it)
            }
        }
        foreach (PeerAction a in c.Peer)
        {
            byte[] data = Enumerable.Range(0, a.Length).Select(i => (byte)(a.Fill + i * 31 + epoch * 7 + (int)seq)).ToArray();
            switch (a.Kind)
            {
                case PeerKind.Message:
                    int at = 0;
                    do
                    {
                        int chunk = Math.Min(452, data.Length - at);
                        Send(at + chunk < data.Length ? (byte)0x09 : (byte)0x05, data[at..(at + chunk)]);
                        at += chunk;
                    }
                    while (at < data.Length);
                    break;
                case PeerKind.RawFrag: Send(0x09, data[..Math.Min(452, data.Length)]); break;
                case PeerKind.RawData: Send(0x05, data[..Math.Min(452, data.Length)]); break;
                case PeerKind.Ping: Send(0x06, []); break;
                case PeerKind.Pong: Send(0x07, []); break;
                case PeerKind.BadRekey: Send(0x0B, data[..Math.Min(a.Length % 40 == 32 ? 31 : a.Length % 40, data.Length)]); break;
                case PeerKind.Bye: Send(0x08, []); break;
                case PeerKind.SkipSeq: if (seq != 0xFFFFFFFFu) seq++; break;   // never wraps (§6): a wrap would reuse nonces
                case PeerKind.JumpSeq: seq = a.Fill % 3 == 0 ? 0xFFFFFFFEu : seq + 60 + (uint)a.Fill; break;
                case PeerKind.Rekey:
                    byte[] salt = c.Salt.Select(b => (byte)(b ^ a.Fill)).ToArray();
                    Send(0x0B, salt);
                    (tx, rx) = CryptoModel.Rekey(tx, rx, salt, c.SessionId);   // initiator: new tx = okm[0:32]
                    epoch++;
                    seq = 0;
                    break;
            }
        }
        return sent;
    }

    /// <summary>What reaches the device, after the hostile channel.</summary>
    private static List<byte[]> Channelled(Case c, List<Sent> sent)
    {
        var wire = new List<byte[]>();
        var pending = sent.Select(s => s.Frame).ToList();
        int opIndex = 0;
        for (int i = 0; i < pending.Count; i++)
        {
            byte[] f = pending[i];
            ChannelOp op = c.Ops[opIndex++ % c.Ops.Length];
            switch (op.Op)
            {
                case Channel.Drop: break;
                case Channel.Duplicate: wire.Add(f); wire.Add(f); break;
                case Channel.SwapNext:
                    if (i + 1 < pending.Count)
                    {
                        wire.Add(pending[i + 1]);   // the next frame overtakes this one
                        (pending[i], pending[i + 1]) = (pending[i + 1], pending[i]);
                    }
                    else
                    {
                        wire.Add(f);
                    }
                    break;
                case Channel.FlipRaw:
                case Channel.FlipFixedCrc:
                    byte[] flipped = (byte[])f.Clone();
                    flipped[op.A % flipped.Length] ^= (byte)(1 << (op.B % 8));
                    if (op.Op == Channel.FlipFixedCrc) WireModel.FixCrc(flipped);
                    wire.Add(flipped);
                    break;
                case Channel.Forge:
                    // same header, sealed under a key the peer does not hold
                    byte[] forged = CryptoModel.Seal(f[3], WireModel.Seq(f), c.Salt, c.SessionId, new byte[f.Length - 40]);
                    wire.Add(forged);
                    wire.Add(f);
                    break;
                case Channel.ReplayEarlier:
                    wire.Add(f);
                    wire.Add(sent[op.A % (i + 1)].Frame);
                    break;
                case Channel.Junk:
                    wire.Add(Enumerable.Range(0, op.A % 60).Select(k => (byte)(op.B + k * 13)).Prepend((byte)0xAB).Prepend((byte)0xCD).ToArray());
                    wire.Add(f);
                    break;
                case Channel.Truncate:
                    wire.Add(f[..(op.A % f.Length)]);
                    break;
                default:
                    wire.Add(f);
                    break;
            }
        }
        return wire;
    }

    private sealed class ManualClock : IClock
    {
        public long NowMilliseconds { get; set; } = 1_000_000;
    }

    private sealed class Recorder : IFrameSink, IUtackSink
    {
        public readonly List<byte[]> Frames = [];
        public readonly List<byte[]> Utacks = [];
        public void SendFrame(byte[] buffer, int offset, int length) => Frames.Add(buffer[offset..(offset + length)]);
        public void SendUtack(byte[] utack, int offset, int length) => Utacks.Add(utack[offset..(offset + length)]);
    }

    private sealed class NoRandom : IRandomSource
    {
        public void GetBytes(byte[] buffer, int offset, int count) => throw new InvalidOperationException("the receiver never initiates REKEY here");
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> s_stats = new();

    private static void RunCase(Case c)
    {
        List<Sent> sent = PeerFrames(c);
        List<byte[]> wire = Channelled(c, sent);
        var clock = new ManualClock();
        var session = new Session(SessionKeys.ForClient(c.KC2s, c.KS2c, c.SessionId), c.Udp, new NoRandom(), clock);
        var model = new ReceiverModel(c);
        var replies = new Recorder();
        var delivered = new List<byte[]>();
        Type thrown = null, predicted = null;
        int frameIndex = 0;
        foreach (byte[] frame in wire)
        {
            clock.NowMilliseconds += c.ClockSteps[frameIndex++ % c.ClockSteps.Length];
            predicted = model.Receive(frame, clock.NowMilliseconds);
            SessionEvent e = SessionEvent.None;
            try
            {
                byte[] buffer = new byte[frame.Length + 7];
                frame.CopyTo(buffer, 5);
                e = session.Accept(buffer, 5, frame.Length, replies);
            }
            catch (UsmpException ex)
            {
                thrown = ex.GetType();
            }
            Assert.Equal(predicted, thrown);
            if (e == SessionEvent.Message)
            {
                delivered.Add(session.MessageBuffer[..session.MessageLength]);
            }
            Assert.Equal(model.Delivered.Count, delivered.Count);
            Assert.Equal(model.Closed, e == SessionEvent.Closed || thrown == typeof(ConnectionClosedException));
            if (thrown != null || model.Closed)
            {
                break;
            }
        }
        for (int i = 0; i < delivered.Count; i++)
        {
            Assert.Equal(model.Delivered[i], delivered[i]);
        }
        // authenticate, then acknowledge: exactly the model's UTACKs, byte for byte (none on TCP)
        Assert.Equal(model.ExpectedUtacks.Count, replies.Utacks.Count);
        for (int i = 0; i < replies.Utacks.Count; i++)
        {
            Assert.Equal(model.ExpectedUtacks[i], replies.Utacks[i]);
        }
        // every PONG the device wrote opens under the model's tx key at the model's seq
        Assert.Equal(model.ExpectedPongs.Count, replies.Frames.Count);
        for (int i = 0; i < replies.Frames.Count; i++)
        {
            var (key, seq) = model.ExpectedPongs[i];
            Assert.Equal(0x07, replies.Frames[i][3]);
            Assert.Equal(seq, WireModel.Seq(replies.Frames[i]));
            Assert.NotNull(CryptoModel.Open(replies.Frames[i], key, c.SessionId));
        }
        AssertOnlyWholeRuns(sent, delivered);
        s_stats.AddOrUpdate("utacks", replies.Utacks.Count, (_, n) => n + replies.Utacks.Count);
        s_stats.AddOrUpdate("frames", wire.Count, (_, n) => n + wire.Count);
        s_stats.AddOrUpdate("delivered", delivered.Count, (_, n) => n + delivered.Count);
        s_stats.AddOrUpdate(thrown?.Name ?? (model.Closed ? "closed" : "open"), 1, (_, n) => n + 1);
    }

    /// <summary>
    /// Model-free safety: each delivered message is a WHOLE run DATA_FRAG* DATA the peer sent (same epoch,
    /// consecutive seqs, at most 4 frames) that starts where the peer's previous frame, if any, was not a
    /// fragment of it: right after a non-fragment at seq - 1 in the same epoch, or at seq 0 of an epoch.
    /// Each run at most once: nothing forged, replayed, or partial.
    /// </summary>
    private static void AssertOnlyWholeRuns(List<Sent> sent, List<byte[]> delivered)
    {
        var runs = new List<byte[]>();
        for (int end = 0; end < sent.Count; end++)
        {
            if (sent[end].Type != 0x05) continue;
            for (int start = end; start >= 0 && end - start < 4; start--)
            {
                if (start < end && (sent[start].Type != 0x09 || sent[start].Epoch != sent[end].Epoch || sent[start].Seq + (uint)(end - start) != sent[end].Seq)) break;
                bool startsClean = start == 0
                    ? sent[start].Seq == 0
                    : sent[start - 1].Epoch < sent[start].Epoch ? sent[start].Seq == 0
                    : sent[start - 1].Type != 0x09 && sent[start - 1].Seq + 1 == sent[start].Seq;
                if (startsClean) runs.Add(sent.Skip(start).Take(end - start + 1).SelectMany(s => s.Plaintext).ToArray());
            }
        }
        foreach (byte[] message in delivered)
        {
            int index = runs.FindIndex(r => r.AsSpan().SequenceEqual(message));
            Assert.True(index >= 0, $"delivered a {message.Length}-byte message the peer never sent as one whole run; the peer sent "
                + string.Join(" ", sent.Select(x => $"{Convert.ToHexString([x.Type])}/e{x.Epoch}/s{x.Seq}/{x.Plaintext.Length}")));
            runs.RemoveAt(index);   // a second delivery of the same run must find another genuine copy
        }
    }

    [Fact]
    public void TcpAcceptMatchesTheReceiverModel()
    {
        PropertyRun.Check(output, "session_tcp_vs_model", 600, Gen.OneOf(Cases(false, false), Cases(false, true)), RunCase);
        output.WriteLine("tcp+udp stats so far: " + string.Join(", ", s_stats.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")));
    }

    [Fact]
    public void UdpAcceptMatchesTheReceiverModel()
    {
        PropertyRun.Check(output, "session_udp_vs_model", 800, Gen.OneOf(Cases(true, false), Cases(true, true)), RunCase);
        output.WriteLine("tcp+udp stats so far: " + string.Join(", ", s_stats.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")));
    }
}
