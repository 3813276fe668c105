// Issue 10 class 6: what the gateway gives away or lets grow.
//   - device enumeration: an unknown device_id must get the same answers, at the same step and in
//     the same time class, as a known one with a wrong PSK (a CHALLENGE, then the end at HELLO_ACK);
//   - refusal log flood: refused connections must not each write a warning line (rate-limited,
//     with the count of what was suppressed);
//   - a TCP peer that never reads (while it keeps the session alive with PINGs) must be
//     disconnected, not buffered for ever.
// An honest device completes its handshake in each.
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Usmp.Gateway;
using Xunit;
using Xunit.Abstractions;

namespace Usmp.Adversarial.Tests;

[Collection("limits")]
public sealed class LeakTests(ITestOutputHelper output)
{
    private static readonly byte[] KnownId = Convert.FromHexString("a0b1c2d3e4f5");
    private static readonly byte[] KnownPsk = Encoding.ASCII.GetBytes("the-known-device-psk-0123456789");

    private static PskStore KnownOnly() => PskStore.Parse(new[] { "a0b1c2d3e4f5=text:the-known-device-psk-0123456789" });

    private sealed record Probe(bool Known, string Answer, double ChallengeMs, string AfterProof, double CloseMs);

    private static double Median(IEnumerable<double> xs)
    {
        var s = xs.OrderBy(x => x).ToArray();
        return s.Length == 0 ? double.NaN : s[s.Length / 2];
    }

    [Fact]
    public async Task Tcp_an_unknown_device_id_is_answered_like_a_wrong_psk()
    {
        await using var gw = new GatewayUnderTest(psks: KnownOnly());
        var probes = new List<Probe>();
        await Task.Run(() =>
        {
            for (int i = 0; i < 30; i++)   // alternate known/unknown, each from its own address (no lockout)
            {
                bool known = i % 2 == 0;
                using var p = new TcpProbe(HandshakeBytes.Loopback(100 + i), gw.Tcp.LocalEndPoint, known ? KnownId : null);
                var sw = Stopwatch.StartNew();
                p.SendHello();
                var f = p.ReadFrame(3000);
                double challengeMs = sw.Elapsed.TotalMilliseconds;
                string answer = f == null ? "connection closed" : $"{PacketTypes.Name(f.Value.Type)} ({f.Value.Length} B)";
                string after = "-";
                double closeMs = double.NaN;
                if (f is { Type: (byte)PacketType.Challenge })
                {
                    sw.Restart();
                    p.SendWrongProof();
                    after = p.ClosedWithin(3000) ? "closed" : "left open";
                    closeMs = sw.Elapsed.TotalMilliseconds;
                }
                probes.Add(new Probe(known, answer, challengeMs, after, closeMs));
            }
        });
        AttackLog.Tried("device enumeration", probes.Count);
        Report(probes);
        AssertSameAnswers(probes);
        AssertSameTimeClass(probes.Where(p => p.Known).Select(p => p.ChallengeMs), probes.Where(p => !p.Known).Select(p => p.ChallengeMs), "HELLO -> CHALLENGE");
        AssertSameTimeClass(probes.Where(p => p.Known).Select(p => p.CloseMs), probes.Where(p => !p.Known).Select(p => p.CloseMs), "wrong HELLO_ACK -> close");
        Assert.True(gw.Honest(Wire.Tcp, deviceId: KnownId, psk: KnownPsk).Ok, "the known device itself could not connect");
    }

    [Fact]
    public async Task Udp_an_unknown_device_id_is_answered_like_a_wrong_psk()
    {
        await using var gw = new GatewayUnderTest(psks: KnownOnly());
        var probes = new List<Probe>();
        await Task.Run(() =>
        {
            for (int i = 0; i < 16; i++)
            {
                bool known = i % 2 == 0;
                using var p = new UdpProbe(HandshakeBytes.Loopback(140 + i), gw.Udp.LocalEndPoint, known ? KnownId : null);
                byte[]? cookie = p.RequestCookie();
                Assert.NotNull(cookie);
                var sw = Stopwatch.StartNew();
                p.Send(p.CookieHello(cookie!));
                var f = p.ReceiveFrame((byte)PacketType.Challenge, 2000);
                double challengeMs = sw.Elapsed.TotalMilliseconds;
                string after = "-";
                if (f != null)
                {
                    p.Send(HandshakeBytes.WrongHelloAck());
                    after = p.ReceiveFrame((byte)PacketType.SessionOk, 1000) == null ? "no SESSION_OK" : "SESSION_OK";
                }
                probes.Add(new Probe(known, f == null ? "nothing" : $"CHALLENGE ({f.Length} B)", challengeMs, after, double.NaN));
            }
        });
        AttackLog.Tried("device enumeration", probes.Count);
        Report(probes);
        AssertSameAnswers(probes);
        Assert.True(gw.Honest(Wire.Udp, deviceId: KnownId, psk: KnownPsk).Ok, "the known device itself could not connect");
    }

    private void Report(List<Probe> probes)
    {
        foreach (var g in probes.GroupBy(p => p.Known))
            output.WriteLine($"{(g.Key ? "known id, wrong PSK" : "unknown id")}: answers {string.Join(", ", g.Select(p => p.Answer).Distinct())}; " +
                $"after the proof {string.Join(", ", g.Select(p => p.AfterProof).Distinct())}; median HELLO->answer {Median(g.Select(p => p.ChallengeMs)):F2} ms");
    }

    private static void AssertSameAnswers(List<Probe> probes)
    {
        var known = probes.Where(p => p.Known).ToList();
        var unknown = probes.Where(p => !p.Known).ToList();
        Assert.All(known, p => Assert.StartsWith("CHALLENGE", p.Answer));
        string k = $"{known[0].Answer} then {known[0].AfterProof}";
        foreach (var p in unknown)
            Assert.True($"{p.Answer} then {p.AfterProof}" == k,
                $"an unknown device id is answered differently: known id with a wrong PSK -> {k}; unknown id -> {p.Answer} then {p.AfterProof}");
        Assert.All(probes, p => Assert.Equal(known[0].AfterProof, p.AfterProof));
    }

    // Same time class: the medians differ by less than 2 ms or by less than a factor of 2 (loopback
    // round trips are ~0.1-1 ms; the machine is shared, so only a step-sized difference counts).
    private void AssertSameTimeClass(IEnumerable<double> known, IEnumerable<double> unknown, string what)
    {
        double k = Median(known), u = Median(unknown);
        output.WriteLine($"{what}: median known {k:F2} ms, unknown {u:F2} ms");
        Assert.True(Math.Abs(k - u) < 2 || Math.Max(k, u) < 2 * Math.Min(k, u), $"{what}: known {k:F2} ms vs unknown {u:F2} ms");
    }

    [Fact]
    public async Task Refused_connections_do_not_each_write_a_warning_line()
    {
        await using var gw = new GatewayUnderTest();
        const int attempts = 400;
        await Task.Run(() => Parallel.For(0, attempts, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            try
            {
                using var p = new TcpProbe(HandshakeBytes.Loopback(70), gw.Tcp.LocalEndPoint);
                p.Socket.Send(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n\r\n"));   // not USMP: refused
                p.ClosedWithin(3000);
            }
            catch (System.Net.Sockets.SocketException) { }
        }));
        Assert.True(gw.Honest(Wire.Tcp).Ok, "honest device refused after the flood");
        await Task.Delay(2500);   // a pending "suppressed" summary has been written by now
        var warnings = gw.Log.At(LogLevel.Warning);
        long suppressed = warnings.Select(w => Regex.Match(w, @"(\d+) (?:similar )?(?:refusal )?lines? suppressed"))
            .Where(m => m.Success).Sum(m => long.Parse(m.Groups[1].Value));
        output.WriteLine($"{attempts} refused connections: {warnings.Count} warning lines, {suppressed} reported as suppressed");
        AttackLog.Tried("refusal log flood", attempts);
        Assert.True(warnings.Count <= 40, $"{attempts} refused connections wrote {warnings.Count} warning lines (first: {warnings.FirstOrDefault()})");
        long refusalLines = warnings.Count(w => w.Contains("peer=127.0.0.70:"));
        Assert.True(refusalLines + suppressed == attempts, $"{refusalLines} refusal lines + {suppressed} suppressed != {attempts} refusals");
    }

    [Fact]
    public async Task Tcp_a_peer_that_never_reads_is_disconnected()
    {
        await using var gw = new GatewayUnderTest(new GatewayOptions { SessionTimeout = TimeSpan.FromSeconds(4) });
        // The proxy stops reading the gateway at the first DATA towards the device: from then on the
        // gateway's writes to this peer pile up (a device that never reads its socket).
        var freeze = new OncePolicy(p => p.IsFrame && p.Direction == Direction.ToDevice && p.Type == Frames.Data, (_, _) => Verdict.Then(AfterVerdict.Freeze));
        var proxy = new TcpAttackProxy(gw.Tcp.LocalEndPoint, freeze) { GatewaySideReceiveBuffer = 4096 };
        var dev = new TestDevice(Wire.Tcp, proxy.Endpoint);
        try
        {
            string result = await Task.Run(() =>
            {
                Assert.True(dev.Connect(), $"{dev.Error}");
                byte[] big = new byte[1808];
                dev.Client.Send(big);
                Assert.True(AttackCase.Eventually(() => gw.Handler.For(dev.DeviceHex).Count == 1), "no gateway session");
                var record = gw.Handler.For(dev.DeviceHex)[0];
                // Big messages while the gateway application still takes them (their echoes fill the
                // unread direction); stop once it is stuck writing an echo.
                int sent = 1;
                while (sent < 600 && AttackCase.Eventually(() => record.Received.Count >= sent, 2000)) { dev.Client.Send(big); sent++; }
                // Then only PINGs, 4 a second (well under the §7 flood limit of 8), never reading the PONGs.
                var sw = Stopwatch.StartNew();
                int pings = 0;
                double limitS = 3 * gw.Options.SessionTimeout.TotalSeconds;
                while (record.Session.IsOpen && sw.Elapsed.TotalSeconds < limitS)
                {
                    try { dev.Client.Ping(); pings++; } catch (Exception) { break; }
                    Thread.Sleep(250);
                }
                string figures = $"{sent} messages sent, {record.Received.Count} taken by the application, then {pings} PINGs over {sw.Elapsed.TotalSeconds:F1} s";
                output.WriteLine(figures);
                Assert.True(!record.Session.IsOpen, $"the gateway still buffers for a peer that has not read for {sw.Elapsed.TotalSeconds:F0} s: {figures}");
                Assert.Contains("not reading", record.Session.CloseReason);
                return $"{figures}; closed: {record.Session.CloseReason}";
            });
            output.WriteLine(result);
            AttackLog.Tried("TCP peer that never reads", 1);
            Assert.True(gw.Honest(Wire.Tcp).Ok, "honest device refused");
        }
        finally
        {
            dev.Close();
            await proxy.DisposeAsync();
        }
    }
}
