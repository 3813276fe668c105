// One attack on a live session: a fresh proxy and device, 5 exchanges of unique messages, the
// attack fired on one chosen packet, then the outcome the spec requires checked on both sides:
//   TCP (§4): the side that received the bad frame ends the session with a typed error and the
//             connection closes, so the other side ends too;
//   UDP (§4, §8): the bad frame is dropped and the session carries on (the last echo arrives);
//   always: nothing forged or replayed is delivered to either application (Ledger), the proxy
//           itself never faulted, and nobody hangs past the guard.
using System.Text.RegularExpressions;
using Usmp;
using Usmp.Gateway;
using Xunit;

namespace Usmp.Adversarial.Tests;

public enum Outcome
{
    /// <summary>The spec's rule for a bad frame: TCP ends the session (typed), UDP drops and continues.</summary>
    BadFrame,
    /// <summary>Nothing may break: every message delivered once, in order, no error (e.g. a TCP delay).</summary>
    AllDelivered,
    /// <summary>TCP cut: the receiver sees the connection end (closed mid-frame), or a stall ended by the timeouts.</summary>
    ConnectionEnds,
    /// <summary>TCP black hole towards the device: its receives time out (never hang), nothing after the cut is delivered.</summary>
    DeviceStalled,
}

public sealed record AttackCase
{
    public const int GuardMs = 30000;
    /// <summary>Typed errors the receiving application may see for a bad frame.</summary>
    public static readonly Type[] DeviceTypedErrors =
        { typeof(FrameException), typeof(CryptoException), typeof(SequenceException), typeof(ProtocolException) };
    public static readonly Regex GatewayTypedReason =
        new(@"^(FrameException|MagicException|VersionException|PayloadException|CrcException|FrameTypeException|CryptoException|SequenceException|ProtocolException)\b");

    public required GatewayFixture Fx { get; init; }
    public required Wire Wire { get; init; }
    public required Direction Direction { get; init; }
    public Func<Packet, bool>? Match { get; init; }
    public Func<Packet, ProxyFlow, Verdict>? Act { get; init; }
    /// <summary>A stateful attack instead of Match/Act.</summary>
    public Func<IAttackPolicy>? Policy { get; init; }
    public Outcome Expect { get; init; } = Outcome.BadFrame;
    public int Messages { get; init; } = 5;
    public int Size { get; init; } = 16;
    public int EchoTimeoutMs { get; init; } = 1200;
    public string Name { get; init; } = "";
    /// <summary>Exchanges before the attacked frame, which must have gone through untouched.</summary>
    public int CleanBefore { get; init; } = 2;
    /// <summary>Checks of the attack's own evidence (e.g. how often the proxy saw a frame), run after the outcome rules.</summary>
    public Action<IAttackPolicy>? AlsoCheck { get; init; }

    /// <summary>The attacked frame: DATA seq 2 in the chosen direction (two clean exchanges first).</summary>
    public static Func<Packet, bool> ThirdData(Direction d) => Usmp.Adversarial.Match.SessionFrame(d, Frames.Data, 2);

    /// <summary>No attack: every size must cross both ways unchanged (the proxy is faithful).</summary>
    public void RunPassive(int[] sizes)
    {
        var proxyTcp = Wire == Wire.Tcp ? new TcpAttackProxy(Fx.Endpoint(Wire)) : null;
        var proxyUdp = Wire == Wire.Udp ? new UdpAttackProxy(Fx.Endpoint(Wire)) : null;
        var dev = new TestDevice(Wire, proxyTcp?.Endpoint ?? proxyUdp!.Endpoint);
        try
        {
            Assert.True(dev.Connect(), $"{dev.Error}");
            foreach (int size in sizes) Assert.True(dev.Exchange(size, 5000), $"{size} B: {dev.Error}");
            CheckUntouched(dev);
            Assert.True((proxyTcp?.FramesSeen ?? proxyUdp!.DatagramsSeen) >= 4 + 2 * sizes.Length, "the proxy did not see the frames");
        }
        finally
        {
            dev.Close();
            proxyTcp?.DisposeAsync().AsTask().Wait(5000);
            proxyUdp?.DisposeAsync().AsTask().Wait(5000);
        }
    }

    public void Run()
    {
        var run = Task.Factory.StartNew(RunInner, TaskCreationOptions.LongRunning);
        if (!run.Wait(GuardMs)) Assert.Fail($"{Name}: hang guard: case did not finish within {GuardMs} ms");
        run.GetAwaiter().GetResult();
    }

    private void RunInner()
    {
        IAttackPolicy once = Policy?.Invoke() ?? new OncePolicy(Match!, Act!);
        IAsyncDisposable proxy;
        System.Net.IPEndPoint ep;
        Func<List<Exception>> faults;
        if (Wire == Wire.Tcp) { var p = new TcpAttackProxy(Fx.Endpoint(Wire), once); proxy = p; ep = p.Endpoint; faults = () => p.Faults; }
        else { var p = new UdpAttackProxy(Fx.Endpoint(Wire), once); proxy = p; ep = p.Endpoint; faults = () => p.Faults; }
        var dev = new TestDevice(Wire, ep);
        try
        {
            Assert.True(dev.Connect(), $"{Name}: handshake through the proxy failed: {dev.Error}");
            for (int i = 0; i < Messages && dev.Error == null; i++) dev.Exchange(Size, EchoTimeoutMs);
            Check(once, dev);
            AlsoCheck?.Invoke(once);
            Assert.Empty(faults());
        }
        finally
        {
            dev.Close();
            proxy.DisposeAsync().AsTask().Wait(5000);
        }
    }

    private void Check(IAttackPolicy once, TestDevice dev)
    {
        Assert.True(once.Fired, $"{Name}: the attack never fired (no matching packet)");
        CheckOutcome(dev);
    }

    /// <summary>The outcome rules above, for a device whose session was attacked in Direction.</summary>
    public void CheckOutcome(TestDevice dev)
    {
        GatewayRecord gw = WaitForRecord(dev);
        if (Expect == Outcome.DeviceStalled)
        {
            Assert.True(dev.Error == null, $"{Name}: unexpected device error {dev.Error}");
            Assert.Equal(CleanBefore, dev.Received.Count);
            Ledger.AssertSubsequence(dev.Sent, gw.Received, $"{Name}: gateway application");
            Ledger.AssertSubsequence(gw.Sent, dev.Received, $"{Name}: device application");
            return;
        }
        if (Wire == Wire.Tcp && Expect != Outcome.AllDelivered)
        {
            // Both ends must be over within the guard: the receiver refused, the other side saw the close.
            Assert.True(Eventually(() => !gw.Session.IsOpen), $"{Name}: gateway session still open: {gw.Session.CloseReason}");
            // Let the device notice the close (a stalled gateway side ends by its watchdog).
            for (int i = 0; i < 10 && dev.Error == null; i++) dev.ReceiveOne(1000);
            Assert.False(dev.IsConnected, $"{Name}: device still connected");
            Assert.NotNull(dev.Error);
            if (Expect == Outcome.BadFrame && Direction == Direction.ToGateway)
                Assert.Matches(GatewayTypedReason, gw.Session.CloseReason!);
            if (Expect == Outcome.BadFrame && Direction == Direction.ToDevice)
                Assert.True(DeviceTypedErrors.Any(t => t.IsInstanceOfType(dev.Error)),
                    $"{Name}: device error is {dev.Error!.GetType().Name}: {dev.Error.Message}, not a typed frame/crypto/sequence error");
        }
        else
        {
            Assert.True(dev.Error == null, $"{Name}: the session must continue, but: {dev.Error}");
            Assert.True(dev.IsConnected, $"{Name}: device disconnected");
            Assert.True(gw.Session.IsOpen, $"{Name}: gateway session closed: {gw.Session.CloseReason}");
            // The session carries on: the last exchange made it both ways.
            Assert.True(dev.Received.Count > 0 && dev.Received[^1].AsSpan().SequenceEqual(dev.Sent[^1]),
                $"{Name}: the last message's echo did not arrive after the attack");
            if (Expect == Outcome.AllDelivered)
                Assert.Equal(dev.Sent.Count, dev.Received.Count);
        }
        // Nothing forged, replayed, duplicated or reordered reached either application.
        Ledger.AssertSubsequence(dev.Sent, gw.Received, $"{Name}: gateway application");
        Ledger.AssertSubsequence(gw.Sent, dev.Received, $"{Name}: device application");
        // The two clean exchanges before the attack went through (the proxy relays faithfully).
        Assert.True(dev.Received.Count >= Math.Min(CleanBefore, Messages), $"{Name}: pre-attack exchanges missing");
    }

    /// <summary>A bystander session through the same proxy: every message echoed, nothing foreign delivered.</summary>
    public void CheckUntouched(TestDevice dev)
    {
        GatewayRecord gw = WaitForRecord(dev);
        Assert.True(dev.Error == null && dev.IsConnected && gw.Session.IsOpen, $"{Name}: bystander session disturbed: {dev.Error} / {gw.Session.CloseReason}");
        Assert.Equal(dev.Sent.Count, dev.Received.Count);
        Ledger.AssertSubsequence(dev.Sent, gw.Received, $"{Name}: gateway application");
        Ledger.AssertSubsequence(gw.Sent, dev.Received, $"{Name}: device application");
    }

    public GatewayRecord WaitForRecord(TestDevice dev)
    {
        Assert.True(Eventually(() => Fx.Handler.For(dev.DeviceHex).Count > 0), "no gateway session for the device");
        var records = Fx.Handler.For(dev.DeviceHex);
        Assert.Single(records);
        return records[0];
    }

    public static bool Eventually(Func<bool> condition, int guardMs = 15000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(guardMs);
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            Thread.Sleep(20);
        }
        return condition();
    }

    /// <summary>Runs many cases, a few at a time (each on its own thread: the client is blocking).</summary>
    public static void RunAll(IEnumerable<AttackCase> cases, string attackClass, int parallel = 8)
    {
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        int tried = 0;
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = parallel }, c =>
        {
            Interlocked.Increment(ref tried);
            try { c.Run(); }
            catch (Exception e) { failures.Enqueue($"{c.Name}: {e.Message}"); }
        });
        AttackLog.Tried(attackClass, tried);
        Assert.True(failures.IsEmpty, $"{failures.Count}/{tried} cases failed:\n" + string.Join("\n", failures.Take(20)));
    }
}
