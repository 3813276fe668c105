// A stall over UDP (spec §8, §9): mid-session the proxy stops forwarding ONE direction of one
// device's flow, for good (a dead uplink, a NAT that forgot the mapping one way). Required:
//   device:   a typed error within its own bound (its ARQ gives up after 5 attempts: the sum of
//             the 5 attempt waits at the RTO it had; or its RX watchdog, RxWatchdogMs), the
//             session ended, every key wiped (both key epochs of the session; the transport holds none);
//   gateway:  ends the session by itself (its watchdog, session_timeout, or its ARQ giving up on
//             a frame to the device), within session_timeout x 1.5 plus slack;
//   others:   a bystander device through the SAME proxy keeps exchanging throughout, and the
//             fixture's honest devices are untouched; nothing is delivered twice or forged.
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Usmp;
using Xunit;

namespace Usmp.Adversarial.Tests;

[Collection("gateway")]
public sealed class UdpStallTests(GatewayFixture fx)
{
    private const int RxWatchdogMs = 2500, SlackMs = 1500;

    public sealed record StallCase(string Name, Direction Stalled, Func<Packet, bool> At, bool Idle, Type DeviceError, Regex GatewayReason);

    private static readonly Regex ByWatchdog = new("^watchdog: "), ByWatchdogOrArq = new("^(watchdog: |ARQ: no UTACK)");

    public static IEnumerable<StallCase> Cases() => new[]
    {
        // The device's DATA never reaches the gateway: the device's ARQ gives up; the gateway hears
        // nothing more and its watchdog ends the session.
        new StallCase("uplink stalled at the device's DATA seq 2", Direction.ToGateway,
            p => p.IsFrame && p.Type == Frames.Data && p.Seq == 2, false, typeof(TransportException), ByWatchdog),
        // The gateway gets the DATA but its UTACK never comes back: the device's ARQ gives up; the
        // gateway's echo cannot be delivered either (its ARQ or its watchdog ends the session).
        new StallCase("downlink stalled at the gateway's UTACK for DATA seq 2", Direction.ToDevice,
            p => p.IsUtack && p.Type == Frames.Data && p.Seq == 2, false, typeof(TransportException), ByWatchdogOrArq),
        // The device's DATA is UTACKed, then the echo never arrives: the device sends nothing more,
        // so only its RX watchdog can notice.
        new StallCase("downlink stalled at the gateway's echo DATA seq 2", Direction.ToDevice,
            p => p.IsFrame && p.Type == Frames.Data && p.Seq == 2, false, typeof(UsmpTimeoutException), ByWatchdogOrArq),
        // An idle device that only keeps alive: its PING never arrives (its ARQ gives up).
        new StallCase("uplink stalled at an idle device's keepalive PING", Direction.ToGateway,
            p => p.IsFrame && p.Type == Frames.Ping, true, typeof(TransportException), ByWatchdog),
        // An idle device: its PING arrives, the PONG and everything after it does not; the next
        // PING's UTACK never comes, or the RX watchdog fires first: either is the device's typed answer.
        new StallCase("downlink stalled at the gateway's PONG", Direction.ToDevice,
            p => p.IsFrame && p.Type == Frames.Pong, true, typeof(UsmpException), ByWatchdogOrArq),
    };

    [Fact]
    public void A_one_way_stall_ends_both_sides_typed_and_wipes_the_keys()
    {
        var cases = Cases().ToList();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = cases.Count }, c =>
        {
            try
            {
                var t = Task.Factory.StartNew(() => RunCase(c), TaskCreationOptions.LongRunning);
                if (!t.Wait(AttackCase.GuardMs + 15000)) throw new TimeoutException("hang guard");
                t.GetAwaiter().GetResult();
            }
            catch (Exception e) { failures.Enqueue($"{c.Name}: {e.Message}"); }
        });
        AttackLog.Tried("UDP one-way stall", cases.Count);
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
        fx.AssertHonestUntouched();
    }

    private void RunCase(StallCase c)
    {
        var stall = new OncePolicy(p => p.Flow == 0 && p.Direction == c.Stalled && c.At(p), (_, _) => Verdict.Then(AfterVerdict.Stall));
        var proxy = new UdpAttackProxy(fx.Endpoint(Wire.Udp), stall);
        var victim = new TestDevice(Wire.Udp, proxy.Endpoint, configure: o =>
        {
            o.RxWatchdogMs = RxWatchdogMs;
            if (c.Idle) o.KeepaliveIdleMs = 300;
        });
        var bystander = new TestDevice(Wire.Udp, proxy.Endpoint);
        using var stop = new CancellationTokenSource();
        Task? bystanderRun = null;
        try
        {
            Assert.True(victim.Connect(), $"victim: {victim.Error}");           // flow 0
            Assert.True(bystander.Connect(), $"bystander: {bystander.Error}");  // flow 1
            bystanderRun = Task.Factory.StartNew(() =>
            {
                while (!stop.IsCancellationRequested)
                    if (!bystander.Exchange(64, 5000)) return;
            }, TaskCreationOptions.LongRunning);

            var secrets = DeviceSecrets(victim.Client);
            Assert.All(secrets.Take(2), s => Assert.Contains(s, b => b != 0));   // live current keys before the stall

            for (int i = 0; i < 2; i++) Assert.True(victim.Exchange(32, 4000), $"clean exchange {i}: {victim.Error}");
            var transport = (UdpTransport)victim.Client.Transport;
            int arqBoundMs = Enumerable.Range(0, UdpTransport.Attempts).Sum(n => transport.Rto.AttemptWaitMillis(n));
            var sw = Stopwatch.StartNew();
            long lastGoodMs = 0;
            // Traffic until the device fails: exchanges (once an echo went missing, receives only, so
            // the device sends nothing more), or (idle) keepalive ticks and short receives.
            bool echoMissing = false;
            while (victim.Error == null && victim.IsConnected && sw.ElapsedMilliseconds < AttackCase.GuardMs)
            {
                if (!stall.Fired) lastGoodMs = sw.ElapsedMilliseconds;
                if (c.Idle) { victim.KeepaliveTick(); victim.ReceiveOne(200); }
                else if (echoMissing) victim.ReceiveOne(1000);
                else echoMissing = !victim.Exchange(32, 1000);
            }
            long failedAtMs = sw.ElapsedMilliseconds;
            Assert.True(stall.Fired, "the stall never fired");
            Assert.NotNull(victim.Error);
            Assert.True(c.DeviceError.IsInstanceOfType(victim.Error), $"device error {victim.Error!.GetType().Name}: {victim.Error.Message}, expected {c.DeviceError.Name}");
            Assert.False(victim.IsConnected, "device still connected after its error");
            // Within its own bound: the ARQ's five waits, or the RX watchdog (+ one receive slice), plus slack.
            long bound = Math.Max(arqBoundMs, RxWatchdogMs + 1000) + SlackMs;
            Assert.True(failedAtMs - lastGoodMs <= bound, $"device took {failedAtMs - lastGoodMs} ms after the stall to report (bound {bound} ms)");
            // Keys wiped: both key epochs of the session, all zero; the transport let go of the session.
            Assert.All(secrets, s => Assert.All(s, b => Assert.Equal(0, b)));
            Assert.False(transport.SessionAttached, "transport still has the session attached");

            // The gateway ends its side by itself.
            var ac = new AttackCase { Fx = fx, Wire = Wire.Udp, Direction = c.Stalled, Name = $"Udp stall: {c.Name}" };
            GatewayRecord gw = ac.WaitForRecord(victim);
            int gatewayBoundMs = (int)(fx.Options.SessionTimeout.TotalMilliseconds * 1.5) + 2 * SlackMs;
            Assert.True(AttackCase.Eventually(() => !gw.Session.IsOpen, gatewayBoundMs + (int)(failedAtMs - lastGoodMs)),
                $"{ac.Name}: the gateway session is still open");
            Assert.Matches(c.GatewayReason, gw.Session.CloseReason!);
            // Nothing forged, duplicated or reordered reached either application.
            Ledger.AssertSubsequence(victim.Sent, gw.Received, $"{ac.Name}: gateway application");
            Ledger.AssertSubsequence(gw.Sent, victim.Received, $"{ac.Name}: device application");
            Assert.True(victim.Received.Count >= 2, "the clean exchanges are missing");

            // The bystander on the same proxy never noticed, and is still going.
            long before = bystander.Received.Count;
            Assert.True(AttackCase.Eventually(() => bystander.Received.Count > before + 2, 10000), $"bystander stopped: {bystander.Error}");
            stop.Cancel();
            bystanderRun.Wait(10000);
            ac.CheckUntouched(bystander);
            Assert.Empty(proxy.Faults);
        }
        finally
        {
            stop.Cancel();
            bystanderRun?.Wait(10000);
            victim.Close();
            bystander.Close();
            proxy.DisposeAsync().AsTask().Wait(5000);
        }
    }

    /// <summary>The client's live secret buffers (by reference, so a later wipe is visible): the tx and rx
    /// keys of both key epochs of its session (the UDP transport holds no key copy). Internal members,
    /// read by reflection: UsmpClient.SessionForTests -> Session.Schedule -> Current / Previous -> TxKey / RxKey.</summary>
    private static List<byte[]> DeviceSecrets(UsmpClient client)
    {
        const BindingFlags Any = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        object? Get(object? o, string name)
        {
            Assert.True(o != null, $"cannot reach {name}");
            var prop = o!.GetType().GetProperty(name, Any);
            Assert.True(prop != null, $"{o.GetType().Name}.{name} not found");
            return prop!.GetValue(o);
        }
        object? schedule = Get(Get(client, "SessionForTests"), "Schedule");
        var list = new List<byte[]>();
        foreach (string epoch in new[] { "Current", "Previous" })
            foreach (string key in new[] { "TxKey", "RxKey" })
                list.Add((byte[])Get(Get(schedule, epoch), key)!);
        return list;
    }
}
