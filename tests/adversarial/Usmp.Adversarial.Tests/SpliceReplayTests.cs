// Frames moved between sessions and in time: a frame spliced in from ANOTHER live session (same
// seq, same type), an old frame of the same session replayed, and a pre-REKEY frame replayed after
// a REKEY at exactly the seq the receiver expects (only the key tells it apart). Plus a TCP stall.
using Xunit;

namespace Usmp.Adversarial.Tests;

[Collection("gateway")]
public sealed class SpliceReplayTests(GatewayFixture fx)
{
    public static TheoryData<Wire, Direction> Sides() => SessionFrameAttackTests.Sides();

    private static void Guard(Action a, string name)
    {
        var t = Task.Factory.StartNew(a, TaskCreationOptions.LongRunning);
        Assert.True(t.Wait(AttackCase.GuardMs), $"{name}: hang guard");
        t.GetAwaiter().GetResult();
    }

    private static (IAsyncDisposable Proxy, System.Net.IPEndPoint Ep, Func<IReadOnlyList<ProxyFlow>> Flows, Func<List<Exception>> Faults)
        Proxy(GatewayFixture fx, Wire w, IProxyPolicy policy)
    {
        if (w == Wire.Tcp) { var p = new TcpAttackProxy(fx.Endpoint(w), policy); return (p, p.Endpoint, () => p.Flows, () => p.Faults); }
        var u = new UdpAttackProxy(fx.Endpoint(w), policy);
        return (u, u.Endpoint, () => u.Flows, () => u.Faults);
    }

    private AttackCase Rules(Wire w, Direction d, string name, int clean = 2) => new()
    {
        Fx = fx, Wire = w, Direction = d, Name = name, CleanBefore = clean,
        Expect = Outcome.BadFrame,
    };

    // Session A runs, session B starts; B's DATA seq 2 is replaced by A's DATA seq 2 (same type, seq,
    // length). B must refuse it (TCP) or drop it (UDP); A, the donor, must not notice anything.
    [Theory, MemberData(nameof(Sides))]
    public void Splice_a_frame_from_another_session(Wire w, Direction d)
    {
        int tried = 0;
        foreach (int size in new[] { 16, 300 })
        {
            Guard(() =>
            {
                var splice = new OncePolicy(
                    p => p.Flow == 1 && p.IsFrame && p.Direction == d && p.Type == Frames.Data && p.Seq == 2,
                    (p, f) => Verdict.With(Donor!.Find(q => q.Direction == d && q.IsFrame && q.Type == Frames.Data && q.Seq == 2)[0].Bytes));
                var (proxy, ep, flows, faults) = Proxy(fx, w, splice);
                using var a = new TestDevice(w, ep);
                using var b = new TestDevice(w, ep);
                try
                {
                    Assert.True(a.Connect());
                    for (int i = 0; i < 3; i++) Assert.True(a.Exchange(size), "donor exchange");
                    Donor = flows()[0];
                    Assert.True(b.Connect());
                    for (int i = 0; i < 5 && b.Error == null; i++) b.Exchange(size);
                    for (int i = 0; i < 3; i++) Assert.True(a.Exchange(size), $"the donor session was disturbed: {a.Error}");
                    Assert.True(splice.Fired);
                    Rules(w, d, $"{w} {d} splice {size} B").CheckOutcome(b);
                    Rules(w, d, "donor").CheckUntouched(a);
                    Assert.Empty(faults());
                }
                finally { proxy.DisposeAsync().AsTask().Wait(5000); }
            }, "splice");
            tried++;
        }
        AttackLog.Tried("splice from another session", tried);
        fx.AssertHonestUntouched();
    }

    private ProxyFlow? Donor;

    // DATA seq 1 of the same session replayed: right after seq 4 (TCP: old seq; UDP: window), or in
    // place of seq 4.
    [Theory, MemberData(nameof(Sides))]
    public void Replay_an_earlier_frame_of_the_same_session(Wire w, Direction d)
    {
        var cases = new List<AttackCase>();
        foreach (bool replace in new[] { false, true })
        foreach (uint old in new[] { 0u, 1u, 3u })
        {
            cases.Add(new AttackCase
            {
                Fx = fx, Wire = w, Direction = d, Name = $"{w} {d} replay seq {old} {(replace ? "instead of" : "after")} seq 4",
                CleanBefore = 4, Messages = 6,
                Expect = w == Wire.Tcp ? Outcome.BadFrame : Outcome.AllDelivered,
                Match = Usmp.Adversarial.Match.SessionFrame(d, Frames.Data, 4),
                Act = (p, f) =>
                {
                    byte[] earlier = f.Find(q => q.Direction == d && q.IsFrame && q.Type == Frames.Data && q.Seq == old)[0].Bytes;
                    return replace ? Verdict.With(earlier) : Verdict.With(p.Bytes, earlier);
                },
            });
        }
        AttackCase.RunAll(cases, "replay (same session)");
        fx.AssertHonestUntouched();
    }

    // After a REKEY (by the device, or by the gateway on "cmd:rekey") both seqs restart at 0. A
    // pre-REKEY frame is replayed carrying exactly the seq the receiver now expects: only the new key
    // rejects it.
    [Theory, MemberData(nameof(Sides))]
    public void Replay_across_a_rekey(Wire w, Direction d)
    {
        int tried = 0;
        foreach (bool gatewayRekeys in new[] { false, true })
        {
            Guard(() =>
            {
                bool rekeySeen = false;
                var once = new OncePolicy(p =>
                {
                    if (p.IsFrame && p.Type == Frames.Rekey) rekeySeen = true;
                    return rekeySeen && p.IsFrame && p.Direction == d && p.Type == Frames.Data && p.Seq == 1;
                },
                (p, f) =>
                {
                    // The old frame with seq 2: the next seq the receiver expects after this one.
                    var old = f.Find(q => q.Direction == d && q.IsFrame && q.Type == Frames.Data && q.Seq == 2)[0];
                    return Verdict.With(p.Bytes, old.Bytes);
                });
                var (proxy, ep, flows, faults) = Proxy(fx, w, once);
                using var dev = new TestDevice(w, ep);
                try
                {
                    Assert.True(dev.Connect());
                    for (int i = 0; i < 3; i++) Assert.True(dev.Exchange(24));
                    if (gatewayRekeys) Assert.True(dev.Exchange(System.Text.Encoding.ASCII.GetBytes("cmd:rekey-" + Guid.NewGuid())), $"rekey: {dev.Error}");
                    else { dev.Rekey(); Assert.Null(dev.Error); }
                    for (int i = 0; i < 4 && dev.Error == null; i++) dev.Exchange(24);
                    Assert.True(once.Fired, "replay never fired");
                    new AttackCase
                    {
                        Fx = fx, Wire = w, Direction = d, Name = $"{w} {d} replay across rekey (gateway rekeys: {gatewayRekeys})",
                        CleanBefore = 4, Expect = w == Wire.Tcp ? Outcome.BadFrame : Outcome.AllDelivered,
                    }.CheckOutcome(dev);
                    Assert.Empty(faults());
                }
                finally { proxy.DisposeAsync().AsTask().Wait(5000); }
            }, "rekey replay");
            tried++;
        }
        AttackLog.Tried("replay after REKEY", tried);
        fx.AssertHonestUntouched();
    }

    // TCP: a frame cut short and the rest never sent, the connection left open (a black hole).
    // Towards the gateway: its watchdog ends the session, the device sees the close. Towards the
    // device: its receives time out (never hang) and nothing after the cut is delivered.
    [Theory]
    [InlineData(Direction.ToGateway)]
    [InlineData(Direction.ToDevice)]
    public void Truncate_and_stall(Direction d)
    {
        var cases = new[] { 1, 12, 30 }.Select(keep => new AttackCase
        {
            Fx = fx, Wire = Wire.Tcp, Direction = d, Name = $"Tcp {d} truncate to {keep} + stall",
            Match = AttackCase.ThirdData(d), Messages = 4, EchoTimeoutMs = 700,
            Act = (p, _) => Verdict.Then(AfterVerdict.Stall, Frames.Slice(p.Bytes, 0, keep)),
            Expect = d == Direction.ToGateway ? Outcome.ConnectionEnds : Outcome.DeviceStalled,
        });
        AttackCase.RunAll(cases, "truncate + stall");
        fx.AssertHonestUntouched();
    }
}
