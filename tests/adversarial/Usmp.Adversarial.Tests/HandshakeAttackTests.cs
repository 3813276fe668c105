// Attacks on the handshake (spec §3, §8): the MITM X25519 key swap without the PSK and with a
// wrong PSK the attacker believes in, bit flips in every security-relevant handshake field (CRC
// repaired), a wrong-PSK device, and a handshake cut and stalled. Every one must end with no
// session: the device refuses or times out, the gateway refuses, no session frame is ever sent.
using System.Text;
using Usmp;
using Xunit;

namespace Usmp.Adversarial.Tests;

[Collection("gateway")]
public sealed class HandshakeAttackTests(GatewayFixture fx)
{
    public static TheoryData<Wire> Wires() => new() { Wire.Tcp, Wire.Udp };

    private sealed record HandshakeResult(TestDevice Device, ProxyFlow? Flow, long GatewayFailuresBefore);

    private long GatewayFailures(Wire w) => w == Wire.Tcp ? fx.Tcp.HandshakesFailed : fx.Udp.HandshakesFailed;

    /// <summary>Connects one device through a proxy running the policy; the device must be refused.</summary>
    private void AssertRefused(Wire w, IProxyPolicy policy, string name, Func<Exception, bool> acceptableError, bool gatewayMustRefuse = true)
    {
        var run = Task.Factory.StartNew(() =>
        {
            long before = GatewayFailures(w);
            IAsyncDisposable proxy;
            System.Net.IPEndPoint ep;
            Func<IReadOnlyList<ProxyFlow>> flows;
            if (w == Wire.Tcp) { var p = new TcpAttackProxy(fx.Endpoint(w), policy); proxy = p; ep = p.Endpoint; flows = () => p.Flows; }
            else { var p = new UdpAttackProxy(fx.Endpoint(w), policy); proxy = p; ep = p.Endpoint; flows = () => p.Flows; }
            using var dev = new TestDevice(w, ep, handshakeTimeoutMs: 2500);
            try
            {
                Assert.False(dev.Connect(), $"{name}: the handshake SUCCEEDED through the attacker");
                Assert.True(acceptableError(dev.Error!), $"{name}: unexpected device error {dev.Error!.GetType().Name}: {dev.Error.Message}");
                Assert.False(dev.IsConnected);
                if (gatewayMustRefuse)
                    Assert.True(AttackCase.Eventually(() => GatewayFailures(w) > before, 8000), $"{name}: the gateway did not count a refused handshake");
                if (gatewayMustRefuse)
                    Assert.Empty(fx.Handler.For(dev.DeviceHex));   // no session ever reached the gateway application
                else
                {
                    // The gateway finished its side (it sent SESSION_OK); the device refused it, so the
                    // gateway's session gets nothing and ends (TCP: the device closed; UDP: watchdog).
                    foreach (var r in fx.Handler.For(dev.DeviceHex))
                    {
                        Assert.Empty(r.Received);
                        if (w == Wire.Tcp) Assert.True(AttackCase.Eventually(() => !r.Session.IsOpen, 8000), "gateway session left open");
                    }
                }
                foreach (var f in flows())                      // and the device never sealed a session frame
                    Assert.DoesNotContain(f.History, p => p.Direction == Direction.ToGateway && p.IsSessionFrame);
            }
            finally { proxy.DisposeAsync().AsTask().Wait(5000); }
        }, TaskCreationOptions.LongRunning);
        Assert.True(run.Wait(AttackCase.GuardMs), $"{name}: hang guard");
        run.GetAwaiter().GetResult();
    }

    private static bool HandshakeFailure(Exception e) =>
        e is HandshakeException or ConnectionClosedException or UsmpTimeoutException or TransportException or FrameException;

    [Theory, MemberData(nameof(Wires))]
    public void Key_swap_without_the_psk_is_refused(Wire w)
    {
        int n = 0;
        for (; n < 4; n++)
        {
            var mitm = new KeySwapMitm();
            AssertRefused(w, mitm, $"{w} key swap #{n}", HandshakeFailure);
            Assert.True(mitm.HellosSwapped >= 1 && mitm.ChallengesSwapped >= 1, "the swap did not happen");
            Assert.NotNull(mitm.DeviceSideKeys); // the MITM shares a DH secret with the device, yet gets nothing
        }
        AttackLog.Tried("MITM key swap (no PSK)", n);
        fx.AssertHonestUntouched();
    }

    [Theory, MemberData(nameof(Wires))]
    public void Key_swap_by_an_attacker_with_a_wrong_psk_is_refused_by_both_sides(Wire w)
    {
        int n = 0;
        for (; n < 4; n++)
        {
            var mitm = new KeySwapMitm(Encoding.ASCII.GetBytes($"attacker-guessed-psk-{n}-xxxxxxxx"));
            // The device must refuse the forged SESSION_OK itself (typed AuthenticationException).
            AssertRefused(w, mitm, $"{w} key swap with wrong PSK #{n}", e => e is AuthenticationException);
            Assert.True(mitm.AcksReproved >= 1 && mitm.SessionOksForged >= 1, "the forgery did not happen");
        }
        AttackLog.Tried("MITM key swap (wrong PSK)", n);
        fx.AssertHonestUntouched();
    }

    [Theory, MemberData(nameof(Wires))]
    public void A_device_with_a_wrong_psk_is_refused(Wire w)
    {
        var run = Task.Factory.StartNew(() =>
        {
            long before = GatewayFailures(w);
            using var dev = new TestDevice(w, fx.Endpoint(w), Encoding.ASCII.GetBytes("not-the-gateway-psk-at-all!"), 2500);
            Assert.False(dev.Connect());
            Assert.True(HandshakeFailure(dev.Error!), dev.Error!.ToString());
            Assert.True(AttackCase.Eventually(() => GatewayFailures(w) > before, 8000));
            Assert.Empty(fx.Handler.For(dev.DeviceHex));
        }, TaskCreationOptions.LongRunning);
        Assert.True(run.Wait(AttackCase.GuardMs), "hang guard");
        run.GetAwaiter().GetResult();
        AttackLog.Tried("wrong PSK device", 1);
        fx.AssertHonestUntouched();
    }

    // One bit flipped (CRC repaired) in each security-relevant handshake field: device id and pub_C
    // in HELLO (over UDP the cookie HELLO: the cookie-less one is only answered statelessly), nonce
    // and pub_S in CHALLENGE, the client proof, session id and server proof in SESSION_OK.
    [Theory, MemberData(nameof(Wires))]
    public void Handshake_bit_flips_are_refused(Wire w)
    {
        var targets = new List<(string Name, Direction D, byte Type, int[] Offsets)>
        {
            ("HELLO", Direction.ToGateway, Frames.Hello, new[] { 0, 3, 5, 6, 15, 30, 37 }),
            ("CHALLENGE", Direction.ToDevice, Frames.Challenge, new[] { 0, 16, 31, 32, 50, 63 }),
            ("HELLO_ACK", Direction.ToGateway, Frames.HelloAck, new[] { 0, 11, 31 }),
            ("SESSION_OK", Direction.ToDevice, Frames.SessionOk, new[] { 0, 8, 15, 16, 40, 47 }),
        };
        var cases = targets.SelectMany(t => t.Offsets.Select(off => (t.Name, t.D, t.Type, off))).ToList();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = 8 }, c =>
        {
            var once = new OncePolicy(
                p => p.IsFrame && p.Direction == c.D && p.Type == c.Type && (w == Wire.Tcp || c.Type != Frames.Hello || p.Bytes.Length == 66),
                (p, _) => Verdict.With(Frames.WithFixedCrc(Frames.FlipBit(p.Bytes, (Frames.HeaderSize + c.off) * 8 + c.off % 8))));
            // The gateway counts a refusal when it is the one that detects it (HELLO, HELLO_ACK, CHALLENGE
            // via the device's proof); a forged SESSION_OK is refused by the device alone.
            try
            {
                AssertRefused(w, once, $"{w} flip {c.Name}[{c.off}]", HandshakeFailure, gatewayMustRefuse: c.Type != Frames.SessionOk);
                Assert.True(once.Fired, "the flip never fired");
            }
            catch (Exception e) { failures.Enqueue($"{c.Name}[{c.off}]: {e.Message}"); }
        });
        AttackLog.Tried("handshake bit flip", cases.Count);
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
        fx.AssertHonestUntouched();
    }

    // TCP: HELLO cut after a few bytes and the rest never sent (slowloris); or nothing at all after
    // connecting. The gateway's handshake timeout ends it; the device's handshake times out.
    [Fact]
    public void A_stalled_handshake_ends_by_the_timeouts()
    {
        int n = 0;
        foreach (int keep in new[] { 0, 5, 12, 30 })
        {
            var once = new OncePolicy(p => p.IsFrame && p.Type == Frames.Hello,
                (p, _) => Verdict.Then(AfterVerdict.Stall, Frames.Slice(p.Bytes, 0, keep)));
            AssertRefused(Wire.Tcp, once, $"stall HELLO after {keep} B", e => e is UsmpTimeoutException or ConnectionClosedException);
            n++;
        }
        AttackLog.Tried("handshake stall", n);
        fx.AssertHonestUntouched();
    }
}
