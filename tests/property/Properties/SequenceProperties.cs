// ReplayWindow (§6) against a set-based window, Reassembler (§7, whole messages only) against
// the sender's own stream under misses, late frames and duplicates, Rto (§8) against the Jacobson/Karn formula in floating point, TcpFrameReader (§1)
// against a one-shot decode of the whole stream.
using FsCheck;
using FsCheck.Fluent;
using Usmp.PropertyTests.Model;
using Xunit;
using Xunit.Abstractions;

namespace Usmp.PropertyTests.Properties;

public sealed class SequenceProperties(ITestOutputHelper output)
{
    // ---------------------------------------------------------------- §6 ReplayWindow

    /// <summary>§6 in words: a seq is dropped if it is &lt;= highest - 64 or was seen; seen = authenticated.</summary>
    private sealed class WindowModel
    {
        private readonly HashSet<uint> _seen = [];
        public uint Highest { get; private set; }

        public bool Fresh(uint seq) => !((long)seq <= (long)Highest - 64 || _seen.Contains(seq));

        public void Authenticated(uint seq)
        {
            _seen.Add(seq);
            Highest = Math.Max(Highest, seq);
        }
    }

    public sealed record WindowStep(uint Seq, bool Authenticates);

    // Streams that move forward, jump, go back inside and outside the window, and repeat.
    private static readonly Gen<WindowStep[]> s_windowStreams =
        from start in Gen.Elements(0u, 50u, 1000u, 0xFFFFFF00u)
        from deltas in Gen.Frequency(
            (5, Gen.Choose(-3, 3)),
            (3, Gen.Choose(-70, 70)),
            (1, Gen.Choose(-200, 200)),
            (1, Gen.Elements(63, 64, 65, -63, -64, -65))).ArrayOf()
        from auth in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false))).ArrayOf(deltas.Length)
        select deltas.Select((d, i) => new WindowStep((uint)Math.Clamp((long)start + deltas.Take(i + 1).Sum(x => (long)x), 0, uint.MaxValue), auth[i])).ToArray();

    [Fact]
    public void ReplayWindowMatchesASetBasedWindow()
    {
        PropertyRun.Check(output, "replay_window_vs_set_model", 2000, s_windowStreams, steps =>
        {
            var window = new ReplayWindow();
            var model = new WindowModel();
            foreach (WindowStep step in steps)
            {
                bool fresh = model.Fresh(step.Seq);
                Assert.Equal(fresh, window.IsFresh(step.Seq));
                if (fresh && step.Authenticates)
                {
                    window.Accept(step.Seq);
                    model.Authenticated(step.Seq);
                }
                Assert.Equal(model.Highest, window.Highest);
            }
        });
    }

    // ---------------------------------------------------------------- §7 Reassembler (whole messages only)

    /// <summary>A sender's stream: messages of 1-4 frames (DATA_FRAG* DATA), control frames between them, seqs 0, 1, 2, ...</summary>
    public sealed record FrameOut(int Seq, int Kind, int Message, int Length);   // Kind: 0 control, 1 DATA_FRAG, 2 DATA

    public enum Fate { Arrive, Miss, Late, Twice }

    public sealed record ReassemblyCase(FrameOut[] Stream, Fate[] Fates);

    private static readonly Gen<ReassemblyCase> s_reassemblyCases =
        from units in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 4))).ArrayOf()
        from lengths in Gen.Choose(0, 452).ArrayOf(units.Length)
        from fates in Gen.Frequency((14, Gen.Constant(Fate.Arrive)), (2, Gen.Constant(Fate.Miss)), (1, Gen.Constant(Fate.Late)), (1, Gen.Constant(Fate.Twice)))
            .ArrayOf(units.Sum(u => Math.Max(1, u)))
        select new ReassemblyCase(SenderStream(units, lengths), fates);

    private static FrameOut[] SenderStream(int[] units, int[] lengths)
    {
        var stream = new List<FrameOut>();
        int message = 0;
        for (int u = 0; u < units.Length; u++)
        {
            if (units[u] == 0)
            {
                stream.Add(new FrameOut(stream.Count, 0, -1, 0));
                continue;
            }
            for (int f = 0; f < units[u]; f++)
                stream.Add(new FrameOut(stream.Count, f == units[u] - 1 ? 2 : 1, message, f == units[u] - 1 ? lengths[u] : 452));
            message++;
        }
        return stream.ToArray();
    }

    /// <summary>
    /// The receiver accepts each frame at most once (the window drops the second copy of a Twice
    /// frame), misses some, and takes a Late frame right after the next one (reordering). Safety:
    /// every Complete is a whole message of the sender, every frame of it accepted, each message at
    /// most once. Exactness without reordering: a message is delivered iff nothing was missed from
    /// the DATA ending the message before it (or seq 0) through its own DATA.
    /// </summary>
    [Fact]
    public void ReassemblerDeliversOnlyWholeMessages()
    {
        PropertyRun.Check(output, "reassembler_whole_messages_only", 2000, s_reassemblyCases, c =>
        {
            FrameOut[] stream = c.Stream;
            var accepted = new List<FrameOut>();
            FrameOut held = null;
            for (int i = 0; i < stream.Length; i++)
            {
                Fate fate = c.Fates[i];
                if (fate == Fate.Miss) continue;
                if (fate == Fate.Late && held == null) { held = stream[i]; continue; }
                accepted.Add(stream[i]);
                if (held != null) { accepted.Add(held); held = null; }
            }
            if (held != null) accepted.Add(held);
            bool reordered = c.Fates.Contains(Fate.Late);
            var reassembler = new Reassembler();
            var delivered = new HashSet<int>();
            var acceptedSeqs = accepted.Select(f => f.Seq).ToHashSet();
            foreach (FrameOut f in accepted)
            {
                if (f.Kind == 0)
                {
                    reassembler.Control(0, (uint)f.Seq);
                    continue;
                }
                ReassemblyResult r = reassembler.Add(f.Kind == 2, 0, (uint)f.Seq, f.Length, out int length);
                if (r != ReassemblyResult.Complete) continue;
                var frames = stream.Where(x => x.Message == f.Message).ToList();
                Assert.True(f.Kind == 2 && frames[^1] == f, "Complete on a frame that is not its message's DATA");
                Assert.True(frames.Sum(x => x.Length) == length, $"message {f.Message}: length {length}, sent {frames.Sum(x => x.Length)}");
                Assert.All(frames, x => Assert.Contains(x.Seq, acceptedSeqs));
                Assert.True(delivered.Add(f.Message), $"message {f.Message} delivered twice");
            }
            if (reordered) return;
            int chainStart = 0;
            foreach (var group in stream.Where(x => x.Kind != 0).GroupBy(x => x.Message))
            {
                int end = group.Last().Seq;
                bool expected = Enumerable.Range(chainStart, end - chainStart + 1).All(acceptedSeqs.Contains);
                Assert.True(expected == delivered.Contains(group.Key),
                    $"message {group.Key} (seqs {group.First().Seq}..{end}) delivered {delivered.Contains(group.Key)}, expected {expected}; stream "
                    + string.Join(" ", stream.Select(x => $"{x.Seq}:{"CFD"[x.Kind]}{(x.Kind == 0 ? "" : x.Message.ToString())}/{c.Fates[x.Seq]}")));
                chainStart = end;
            }
        });
    }

    // ---------------------------------------------------------------- §8 Rto

    [Fact]
    public void RtoFollowsTheJacobsonKarnFormula()
    {
        Gen<int[]> samples = Gen.Frequency(
            (4, Gen.Choose(0, 300_000)),
            (2, Gen.Choose(0, 6_000_000)),
            (1, Gen.Elements(0, 1, 50_000, 5_000_000, int.MaxValue / 4))).ArrayOf();
        PropertyRun.Check(output, "rto_vs_formula", 1500, samples, rtts =>
        {
            double srtt = 0.2, rttvar = 0.1, rto = 0.5;   // seconds, §8
            var impl = new Rto();
            foreach (int micros in rtts)
            {
                double r = micros / 1e6;
                rttvar = 0.75 * rttvar + 0.25 * Math.Abs(srtt - r);
                srtt = 0.875 * srtt + 0.125 * r;
                rto = Math.Clamp(srtt + 4 * rttvar, 0.1, 5.0);
                impl.Sample(micros);
                // integer microseconds truncate at most 1 us per update and the old error decays
                // (x 7/8, x 3/4), so srtt stays within 8 us and rttvar within 4 + 8/4 us of the model
                Assert.InRange(impl.SrttMicros, srtt * 1e6 - 10, srtt * 1e6 + 10);
                Assert.InRange(impl.RttvarMicros, rttvar * 1e6 - 10, rttvar * 1e6 + 10);
                Assert.InRange(impl.RtoMicros, rto * 1e6 - 60, rto * 1e6 + 60);
            }
            for (int attempt = 0; attempt < 5; attempt++)
            {
                double wait = Math.Clamp(rto * Math.Pow(2, attempt), 0.05, 5.0) * 1000;   // ms
                Assert.InRange(impl.AttemptWaitMillis(attempt), Math.Floor(wait - 0.5), Math.Ceiling(wait) + 1);
            }
        });
    }

    // ---------------------------------------------------------------- §1 TcpFrameReader

    public sealed record Stream(byte[] Bytes, int[] Chunks, int BadFrameAt);

    private static readonly Gen<byte[]> s_streamFrame =
        from length in Gens.Length(480)
        from header in Gens.Bytes(12)
        from payload in Gens.Bytes(length)
        select (byte[])[0xCD, 0xAB, .. header[2..8], (byte)length, (byte)(length >> 8), header[10], header[11], .. payload];

    private static readonly Gen<Stream> s_streams =
        from frames in Gen.Choose(0, 8).SelectMany(n => s_streamFrame.ArrayOf(n))
        from corrupt in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, Math.Max(0, frames.Length - 1))))
        from corruption in Gen.Elements("magic0", "magic1", "length")
        from garbage in Gens.Bytes(0, 30)
        from chunkSizes in Gen.Frequency((3, Gen.Choose(1, 13)), (2, Gen.Choose(1, 600)), (1, Gen.Constant(1))).ArrayOf(2000)
        select MakeStream(frames, corrupt, corruption, garbage, chunkSizes);

    private static Stream MakeStream(byte[][] frames, int corrupt, string corruption, byte[] garbage, int[] chunkSizes)
    {
        var bytes = new List<byte>();
        int badAt = -1;
        for (int i = 0; i < frames.Length; i++)
        {
            byte[] f = (byte[])frames[i].Clone();
            if (i == corrupt)
            {
                badAt = i;
                if (corruption == "magic0") f[0] ^= 0x01;
                else if (corruption == "magic1") f[1] = 0xAC;
                else { f[8] = 0xE1; f[9] = 0x01; }   // 481
            }
            bytes.AddRange(f);
            if (i == corrupt)
            {
                bytes.AddRange(garbage);             // whatever follows a broken header is never read
                break;
            }
        }
        if (badAt < 0)
        {
            bytes.AddRange(garbage);                 // a trailing partial frame, or a bad header
        }
        return new Stream(bytes.ToArray(), chunkSizes, badAt);
    }

    /// <summary>One-shot decode of a byte stream per §1: the frames, then the exception type that ends it (or null).</summary>
    private static (List<byte[]> frames, Type error, bool trailingPartial) DecodeAll(byte[] stream)
    {
        var frames = new List<byte[]>();
        int at = 0;
        while (stream.Length - at >= 12)
        {
            if (stream[at] != 0xCD || stream[at + 1] != 0xAB)
            {
                return (frames, typeof(MagicException), false);
            }
            int length = stream[at + 8] | (stream[at + 9] << 8);
            if (length > 480)
            {
                return (frames, typeof(PayloadException), false);
            }
            if (stream.Length - at < 12 + length)
            {
                break;
            }
            frames.Add(stream[at..(at + 12 + length)]);
            at += 12 + length;
        }
        return (frames, null, at < stream.Length);
    }

    [Fact]
    public void TcpFrameReaderOverChunksEqualsOneShotDecode()
    {
        PropertyRun.Check(output, "tcp_frame_reader_chunks_vs_oneshot", 1000, s_streams, s =>
        {
            var (expectedFrames, expectedError, trailingPartial) = DecodeAll(s.Bytes);
            var reader = new TcpFrameReader(2 * 492);
            var frames = new List<byte[]>();
            Type error = null;
            int at = 0, chunk = 0;
            while (at < s.Bytes.Length && error == null)
            {
                // a receive takes at most the chunk size, and at most what fits (a socket does the same)
                int room = reader.MakeRoom();
                Assert.True(reader.Buffer.Length - room >= 492, "MakeRoom always leaves room for a whole frame");
                int size = Math.Min(Math.Min(s.Chunks[chunk++ % s.Chunks.Length], s.Bytes.Length - at), reader.Buffer.Length - room);
                Array.Copy(s.Bytes, at, reader.Buffer, room, size);
                reader.Received(size);
                at += size;
                int n, offset;
                while ((n = reader.NextFrame(out offset)) > 0)
                {
                    frames.Add(reader.Buffer[offset..(offset + n)]);
                }
                if (n == TcpFrameReader.BadMagic) error = typeof(MagicException);
                if (n == TcpFrameReader.BadLength) error = typeof(PayloadException);
            }
            Assert.Equal(expectedError, error);
            Assert.Equal(expectedFrames.Count, frames.Count);
            for (int i = 0; i < frames.Count; i++)
            {
                Assert.Equal(expectedFrames[i], frames[i]);
            }
            if (error == null)
            {
                Assert.Equal(trailingPartial, reader.IsMidFrame);
            }
        });
    }
}
