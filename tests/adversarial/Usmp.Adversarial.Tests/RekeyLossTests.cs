// Issue 10 class 3, REKEY under loss and in flight (spec §7 REKEY, §8 UDP ARQ), the device or the
// gateway starting it:
//   UDP single loss: exactly one datagram is lost among the first ten from the REKEY on (the
//     REKEY, its UTACK, the first frames under the new keys both ways and their UTACKs): the
//     session must survive every one of them, every message exactly once, no receipt for a frame
//     the receiver never got.
//   in flight: a frame the peer sealed under the old keys before it saw the REKEY reaches a side
//     that has already switched (the proxy holds the REKEY, or the frame, for 300 ms): UDP and TCP
//     must accept it (the previous keys' grace).
//   grace over: once the peer's first frame under the new keys arrived, an old-key frame replayed
//     is refused (TCP: the session ends with a typed error; UDP: dropped without a receipt).
using System.Text;
using Usmp;
using Xunit;

namespace Usmp.Adversarial.Tests;

[Collection("gateway")]
public sealed class RekeyLossTests(GatewayFixture fx)
{
    public static TheoryData<bool> Initiators() => new() { false, true };

    private static byte[] RekeyCommand() => Encoding.ASCII.GetBytes("cmd:rekey-" + Guid.NewGuid());

    private static void Guard(Action a, string name)
    {
        var t = Task.Factory.StartNew(a, TaskCreationOptions.LongRunning);
        Assert.True(t.Wait(AttackCase.GuardMs + 10000), $"{name}: hang guard");
        t.GetAwaiter().GetResult();
    }

    // The rekey step: the device calls Rekey(), or asks the gateway to (its handler REKEYs, then replies).
    private static void Rekey(TestDevice dev, bool gatewayRekeys, string name)
    {
        if (gatewayRekeys) Assert.True(dev.Exchange(RekeyCommand(), 6000), $"{name}: rekey command: {dev.Error}");
        else { dev.Rekey(); Assert.True(dev.Error == null, $"{name}: Rekey: {dev.Error}"); }
    }

    private void CheckAllDelivered(TestDevice dev, ReceiptAudit audit, string name)
    {
        var ac = new AttackCase { Fx = fx, Wire = dev.Wire, Direction = Direction.ToGateway, Name = name, Expect = Outcome.AllDelivered };
        ac.CheckOutcome(dev);
        AckAfterAuthTests.AssertNoReceiptWithoutFrame(audit, name);
    }

    [Theory, MemberData(nameof(Initiators))]
    public void Udp_rekey_survives_the_loss_of_any_single_datagram(bool gatewayRekeys)
    {
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Parallel.ForEach(Enumerable.Range(0, 10), new ParallelOptions { MaxDegreeOfParallelism = 5 }, n =>
        {
            var policy = new DropNthAfter(p => p.IsFrame && p.Type == Frames.Rekey, n);
            string name = $"Udp REKEY by the {(gatewayRekeys ? "gateway" : "device")}, datagram #{n} after it lost";
            try
            {
                Guard(() =>
                {
                    var proxy = new UdpAttackProxy(fx.Endpoint(Wire.Udp), policy);
                    using var dev = new TestDevice(Wire.Udp, proxy.Endpoint);
                    try
                    {
                        Assert.True(dev.Connect(), $"{dev.Error}");
                        for (int i = 0; i < 2; i++) Assert.True(dev.Exchange(16, 4000), $"clean exchange {i}: {dev.Error}");
                        Rekey(dev, gatewayRekeys, name);
                        for (int i = 0; i < 3; i++) Assert.True(dev.Exchange(16, 6000), $"{name}: exchange {i} after the REKEY: {dev.Error}");
                        Assert.True(policy.Fired, $"{name}: nothing was dropped");
                        CheckAllDelivered(dev, policy.Audit, $"{name} ({policy.Dropped})");
                        Assert.Empty(proxy.Faults);
                    }
                    finally { proxy.DisposeAsync().AsTask().Wait(5000); }
                }, name);
            }
            catch (Exception e) { failures.Enqueue($"{name}: {e.Message}"); }
        });
        AttackLog.Tried("REKEY under single loss (UDP)", 10);
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
        fx.AssertHonestUntouched();
    }

    public static TheoryData<Wire, bool> InFlight() => new() { { Wire.Udp, false }, { Wire.Udp, true }, { Wire.Tcp, false }, { Wire.Tcp, true } };

    [Theory, MemberData(nameof(InFlight))]
    public void A_frame_sealed_before_the_peer_saw_the_rekey_is_accepted(Wire w, bool gatewayRekeys)
    {
        string name = $"{w} REKEY by the {(gatewayRekeys ? "gateway" : "device")} with an old-key frame in flight";
        Guard(() =>
        {
            // Device REKEY: the gateway's echo of M is sealed before the REKEY reaches it (the REKEY is held).
            // Gateway REKEY: the device's M2 is sealed before it read the REKEY, and reaches the gateway after it switched.
            Func<Packet, bool> held = gatewayRekeys
                ? p => p.Direction == Direction.ToGateway && p.Type == Frames.Data && p.Seq == 3
                : p => p.Direction == Direction.ToGateway && p.Type == Frames.Rekey;
            IAttackPolicy policy = w == Wire.Udp ? new HoldFrames(held, 300) : new OncePolicy(p => p.IsFrame && held(p), (p, _) => Verdict.Delayed(p, 300));
            IAsyncDisposable proxy;
            System.Net.IPEndPoint ep;
            if (w == Wire.Tcp) { var p = new TcpAttackProxy(fx.Endpoint(w), policy); proxy = p; ep = p.Endpoint; }
            else { var p = new UdpAttackProxy(fx.Endpoint(w), policy); proxy = p; ep = p.Endpoint; }
            using var dev = new TestDevice(w, ep);
            try
            {
                Assert.True(dev.Connect(), $"{dev.Error}");
                for (int i = 0; i < 2; i++) Assert.True(dev.Exchange(16, 4000), $"clean exchange {i}: {dev.Error}");
                if (gatewayRekeys)
                {
                    Assert.True(dev.Send(RekeyCommand()), $"{name}: {dev.Error}");          // DATA seq 2
                    Assert.True(dev.Send(TestDevice.UniqueMessage(40)), $"{name}: {dev.Error}"); // DATA seq 3, old keys
                    Assert.True(dev.ReceiveOne(6000), $"{name}: no reply to the rekey command: {dev.Error}");
                }
                else
                {
                    Assert.True(dev.Send(TestDevice.UniqueMessage(40)), $"{name}: {dev.Error}");
                    dev.Rekey();
                    Assert.True(dev.Error == null, $"{name}: Rekey: {dev.Error}");
                }
                Assert.True(dev.ReceiveOne(6000), $"{name}: the old-key frame's message never arrived: {dev.Error}");
                for (int i = 0; i < 2; i++) Assert.True(dev.Exchange(16, 4000), $"{name}: exchange {i} after: {dev.Error}");
                Assert.True(policy.Fired, $"{name}: nothing was held");
                CheckAllDelivered(dev, (policy as HoldFrames)?.Audit ?? new ReceiptAudit(), name);
            }
            finally { proxy.DisposeAsync().AsTask().Wait(5000); }
        }, name);
        AttackLog.Tried($"REKEY in flight ({w.ToString().ToUpperInvariant()})", 1);
        fx.AssertHonestUntouched();
    }

    [Theory, MemberData(nameof(SessionFrameAttackTests.Sides), MemberType = typeof(SessionFrameAttackTests))]
    public void An_old_key_frame_after_the_grace_is_refused(Wire w, Direction d)
    {
        string name = $"{w} {d} old-key frame replayed after the peer's first new-key frame";
        Guard(() =>
        {
            // The replay is the newest pre-REKEY DATA of the sender, injected once the receiver has
            // accepted a frame under the new keys in that direction (the grace is over).
            ProxyFlow? flow = null;
            var policy = new FuncPolicy((p, f) => { flow ??= f; return Verdict.Pass(p); });
            IAsyncDisposable proxy;
            System.Net.IPEndPoint ep;
            if (w == Wire.Tcp) { var p = new TcpAttackProxy(fx.Endpoint(w), policy); proxy = p; ep = p.Endpoint; }
            else { var p = new UdpAttackProxy(fx.Endpoint(w), policy); proxy = p; ep = p.Endpoint; }
            RecordingLink? recording = null;
            using var dev = new TestDevice(w, ep, wrapLink: w == Wire.Udp ? l => recording = new RecordingLink(l) : null);
            try
            {
                Assert.True(dev.Connect(), $"{dev.Error}");
                for (int i = 0; i < 6; i++) Assert.True(dev.Exchange(16, 4000), $"exchange {i}: {dev.Error}");
                byte[] old = flow!.Find(q => q.IsFrame && q.Direction == d && q.Type == Frames.Data && q.Seq == 5)[0].Bytes;
                dev.Rekey();
                Assert.True(dev.Exchange(16, 4000), $"{name}: first exchange under the new keys: {dev.Error}");
                // Receipts for DATA seq 5 travelling back to the replay's sender (the genuine pre-REKEY
                // one was acknowledged long ago; the new keys have not reached seq 5 yet).
                int Receipts() => recording!.Utacks.Count(u => u.Type == Frames.Data && u.Seq == 5 && u.Sent == (d == Direction.ToDevice));
                int before = w == Wire.Udp ? Receipts() : 0;
                flow.InjectAsync(d, old).Wait();
                var ac = new AttackCase { Fx = fx, Wire = w, Direction = d, Name = name, Expect = Outcome.BadFrame, CleanBefore = 7 };
                if (w == Wire.Udp)
                {
                    Thread.Sleep(200);
                    dev.ReceiveOne(300);
                    Assert.True(Receipts() == before, $"{name}: the replayed old-key frame got a receipt");
                    for (int i = 0; i < 2; i++) Assert.True(dev.Exchange(16, 4000), $"{name}: exchange after the replay: {dev.Error}");
                    ac = ac with { Expect = Outcome.AllDelivered };
                }
                ac.CheckOutcome(dev);
            }
            finally { proxy.DisposeAsync().AsTask().Wait(5000); }
        }, name);
        AttackLog.Tried("REKEY grace over (old-key replay)", 1);
        fx.AssertHonestUntouched();
    }
}
