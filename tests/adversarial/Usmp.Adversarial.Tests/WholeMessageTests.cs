// Issue 10 class 2, "partial messages delivered as whole ones" over UDP (spec §7 reassembly).
// A message is DATA_FRAG* DATA with consecutive seqs; its first frame must follow the last frame
// the receiver accepted before it. Any gap drops the partial message and never yields a shorter
// one; a message after a gap whose start cannot be proved is dropped too.
//   on path:   the first k fragments of a 933 / 905 / 1808-byte message are replaced by forgeries
//              (the attack of the review: with receipts for the garbage the sender moves on and a
//              receiver that starts a message anywhere delivers the tail as a whole message);
//   own gaps:  a sender that loses one of its own frames and carries on (a reference peer after its
//              ARQ gave up): the real gateway must deliver no part of the broken message, nor the
//              message right after a lost final DATA, and everything else exactly once.
using Usmp;
using Xunit;

namespace Usmp.Adversarial.Tests;

[Collection("gateway")]
public sealed class WholeMessageTests(GatewayFixture fx)
{
    [Theory, MemberData(nameof(AckAfterAuthTests.Receivers), MemberType = typeof(AckAfterAuthTests))]
    public void Forged_leading_fragments_never_yield_a_shorter_message(Direction d)
    {
        // (size, frames per message, fragments replaced): message 2 starts at seq 2 x frames.
        var shapes = new (int Size, int Frames, int Replaced)[] { (933, 3, 1), (933, 3, 2), (905, 3, 2), (1808, 4, 1), (1808, 4, 2), (1808, 4, 3) };
        var cases = shapes.Select(s =>
        {
            uint first = (uint)(2 * s.Frames);
            string name = $"Udp {d} {s.Size} B message, first {s.Replaced} fragment(s) replaced by garbage";
            var policy = new SubstituteFrames(p => p.Direction == d && p.Type == Frames.DataFrag && p.Seq >= first && p.Seq < first + s.Replaced,
                Forgeries.All[0].Forge, count: s.Replaced);
            return new AttackCase
            {
                Fx = fx, Wire = Wire.Udp, Direction = d, Name = name, Expect = Outcome.AllDelivered, Size = s.Size, EchoTimeoutMs = 4000,
                Policy = () => policy,
                AlsoCheck = _ =>
                {
                    Assert.Equal(s.Replaced, policy.Substituted);
                    AckAfterAuthTests.AssertNoReceiptWithoutFrame(policy.Audit, name);
                    AckAfterAuthTests.AssertResent(policy, name);
                },
            };
        });
        AttackCase.RunAll(cases, "partial message (forged fragments)", parallel: 6);
        fx.AssertHonestUntouched();
    }

    // m0..m6 sizes: one frame, one frame, 933 B (seqs 2-4), one frame (5), 1808 B (6-9), one frame (10), one frame (11).
    private static readonly int[] Sizes = { 16, 16, 933, 16, 1808, 16, 16 };
    private static readonly int[] FirstSeq = { 0, 1, 2, 5, 6, 10, 11 };

    public static TheoryData<uint, string> OwnGaps() => new()
    {
        { 1u, "a whole one-frame message (m1): the next message cannot be proved whole" },
        { 2u, "the first fragment of m2" },
        { 3u, "the middle fragment of m2" },
        { 4u, "the final DATA of m2: the next message cannot be proved whole" },
        { 7u, "the second fragment of m4" },
        { 8u, "the third fragment of m4" },
    };

    [Theory, MemberData(nameof(OwnGaps))]
    public void A_gap_in_the_senders_frames_drops_the_whole_message(uint skippedSeq, string what)
    {
        string name = $"Udp ToGateway sender skips seq {skippedSeq} ({what})";
        var run = Task.Factory.StartNew(() =>
        {
            SkippingTransport? skipping = null;
            using var dev = new TestDevice(Wire.Udp, fx.Endpoint(Wire.Udp),
                wrapTransport: t => skipping = new SkippingTransport(t, (type, seq) => seq == skippedSeq && type is PacketType.Data or PacketType.DataFrag));
            Assert.True(dev.Connect(), $"{dev.Error}");
            int broken = Array.FindLastIndex(FirstSeq, s => s <= skippedSeq);
            bool endsMessage = broken + 1 < FirstSeq.Length && FirstSeq[broken + 1] == skippedSeq + 1;
            var lost = new HashSet<int> { broken };
            if (endsMessage) lost.Add(broken + 1);
            for (int i = 0; i < Sizes.Length; i++)
                Assert.True(dev.Exchange(TestDevice.UniqueMessage(Sizes[i]), lost.Contains(i) ? 1200 : 4000) != lost.Contains(i) || dev.Error != null,
                    $"{name}: message {i} ({Sizes[i]} B) {(lost.Contains(i) ? "was echoed although it cannot have arrived whole" : "was not echoed")}: {dev.Error}");
            Assert.True(dev.Error == null, $"{name}: {dev.Error}");
            Assert.Equal(1, skipping!.Skipped);
            var ac = new AttackCase { Fx = fx, Wire = Wire.Udp, Direction = Direction.ToGateway, Name = name };
            GatewayRecord gw = ac.WaitForRecord(dev);
            var expected = dev.Sent.Where((_, i) => !lost.Contains(i)).ToList();
            Assert.True(AttackCase.Eventually(() => { lock (gw.Received) return gw.Received.Count >= expected.Count; }, 3000), $"{name}: gateway received too little");
            lock (gw.Received)
            {
                Assert.True(gw.Received.Count == expected.Count && gw.Received.Zip(expected).All(x => x.First.AsSpan().SequenceEqual(x.Second)),
                    $"{name}: the gateway application got {string.Join(", ", gw.Received.Select(m => m.Length + " B"))}; expected {string.Join(", ", expected.Select(m => m.Length + " B"))}");
            }
            Ledger.AssertSubsequence(dev.Sent, gw.Received, $"{name}: gateway application");
            Ledger.AssertSubsequence(gw.Sent, dev.Received, $"{name}: device application");
            Assert.True(gw.Session.IsOpen && dev.IsConnected, $"{name}: the session ended: {gw.Session.CloseReason}");
        }, TaskCreationOptions.LongRunning);
        Assert.True(run.Wait(AttackCase.GuardMs), $"{name}: hang guard");
        run.GetAwaiter().GetResult();
        AttackLog.Tried("partial message (sender's own gap)", 1);
        fx.AssertHonestUntouched();
    }
}
