// Issue 10 class 4: attacks on the gateway's handshake resources (spec §8, §9), each from other
// 127.0.0.x source addresses against a gateway with real limits, while an honest device on
// 127.0.0.1 must still complete its handshakes (more of them than the lockout threshold, so a
// failure wrongly charged to it would show as a refusal):
//   - TCP connections that stay idle, or stall after HELLO, must not hold every handshake slot;
//     an honest device's wait for a slot is never its own failure;
//   - one cookie HELLO replayed (and fresh cookies fetched) from many addresses must not hold
//     the UDP handshake table;
//   - cookie-less HELLOs carrying the victim's IP (other ports) must not starve its cookies;
//   - one forged frame from the device's address (bad CRC, wrong length, wrong type for the step)
//     must not kill a UDP handshake in progress nor count as a failure.
using System.Net;
using Usmp.Gateway;
using Xunit;

namespace Usmp.Adversarial.Tests;

[Collection("limits")]
public sealed class HandshakeResourceTests
{
    private const int HonestRuns = 6; // > the lockout threshold (5)

    /// <summary>Runs attack loops, each on its own thread (not the pool's: they block), until disposed.</summary>
    private sealed class Background : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Thread> _threads = new();
        public Background(Action<CancellationToken> loop, int threads = 1)
        {
            for (int i = 0; i < threads; i++)
            {
                var t = new Thread(() => loop(_stop.Token)) { IsBackground = true };
                _threads.Add(t);
                t.Start();
            }
        }
        public void Dispose() { _stop.Cancel(); foreach (var t in _threads) t.Join(15000); }
    }

    [Fact]
    public async Task Tcp_idle_connections_do_not_hold_the_handshake_slots()
    {
        await using var gw = new GatewayUnderTest();   // 10 slots, 5 connections per IP, handshake_timeout 10 s
        var idle = new List<TcpProbe>();
        try
        {
            for (int ip = 2; ip <= 3; ip++)
                for (int i = 0; i < gw.Options.MaxConnectionsPerIp; i++) idle.Add(new TcpProbe(HandshakeBytes.Loopback(ip), gw.Tcp.LocalEndPoint));
            await Task.Delay(300);
            await Task.Run(() => gw.AssertHonestCompletes(Wire.Tcp, HonestRuns, $"{idle.Count} idle connections"));
            AttackLog.Tried("TCP slots held by idle connections", idle.Count);
        }
        finally { foreach (var p in idle) p.Dispose(); }
    }

    [Fact]
    public async Task Tcp_idle_connections_from_many_addresses_do_not_hold_every_connection()
    {
        await using var gw = new GatewayUnderTest();   // max_connections 100, 5 per IP
        const int addresses = 20;                       // 20 x 5 idle connections = every connection there is
        int opened = 0, next = 0;
        using (new Background(stop =>
        {
            int i = Interlocked.Increment(ref next) - 1;
            var mine = new List<TcpProbe>();
            while (!stop.IsCancellationRequested)
            {
                mine.RemoveAll(p => { bool gone = p.ClosedWithin(1); if (gone) p.Dispose(); return gone; });
                while (mine.Count < gw.Options.MaxConnectionsPerIp && !stop.IsCancellationRequested)
                {
                    try { mine.Add(new TcpProbe(HandshakeBytes.Loopback(160 + i), gw.Tcp.LocalEndPoint)); Interlocked.Increment(ref opened); }
                    catch (System.Net.Sockets.SocketException) { break; }
                }
                stop.WaitHandle.WaitOne(100);
            }
            foreach (var p in mine) p.Dispose();
        }, addresses))
        {
            await Task.Delay(2500);   // every idle connection is older than a real handshake needs
            await Task.Run(() => gw.AssertHonestCompletes(Wire.Tcp, HonestRuns, $"{addresses} addresses holding {addresses * gw.Options.MaxConnectionsPerIp} idle connections"));
        }
        AttackLog.Tried("TCP connections held by idle peers", opened);
    }

    [Fact]
    public async Task Tcp_peers_stalled_after_hello_from_many_addresses_do_not_starve_an_honest_device()
    {
        await using var gw = new GatewayUnderTest();
        const int addresses = 12;   // more addresses than slots, one stalled handshake each, re-opened when closed
        int opened = 0, next = 0;
        using (new Background(stop =>
        {
            int i = Interlocked.Increment(ref next) - 1;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var p = new TcpProbe(HandshakeBytes.Loopback(10 + i), gw.Tcp.LocalEndPoint);
                    Interlocked.Increment(ref opened);
                    p.SendHello();
                    while (!stop.IsCancellationRequested && !p.ClosedWithin(200)) { }   // never sends HELLO_ACK
                }
                catch (System.Net.Sockets.SocketException) { Thread.Sleep(50); }
            }
        }, addresses))
        {
            await Task.Delay(500);
            await Task.Run(() => gw.AssertHonestCompletes(Wire.Tcp, HonestRuns, $"{addresses} addresses stalling after HELLO"));
        }
        AttackLog.Tried("TCP slots held by stalled handshakes", opened);
    }

    [Fact]
    public async Task Udp_handshake_table_is_not_held_by_cookie_replays_from_many_addresses()
    {
        // 2 x max_connections = 20 handshakes in progress at most (§8); 21 attacking addresses, 3 per IP.
        await using var gw = new GatewayUnderTest(new GatewayOptions { MaxConnections = 10 });
        var probes = new List<UdpProbe>();
        for (int ip = 0; ip < 7; ip++)
            for (int port = 0; port < gw.Options.MaxUdpHandshakesPerIp; port++)
                probes.Add(new UdpProbe(HandshakeBytes.Loopback(30 + ip), gw.Udp.LocalEndPoint));
        long sent = 0;
        try
        {
            var cookies = probes.Select(p => p.RequestCookie()).ToArray();
            Assert.All(cookies, c => Assert.NotNull(c));
            var hellos = probes.Select((p, i) => p.CookieHello(cookies[i]!)).ToArray();
            using (new Background(stop =>
            {
                for (int round = 0; !stop.IsCancellationRequested; round++)
                {
                    for (int i = 0; i < probes.Count; i++)
                    {
                        // Mostly the one captured cookie HELLO again; every 4th round a fresh cookie first.
                        if (round % 4 == 3 && probes[i].RequestCookie(200) is { } fresh) hellos[i] = probes[i].CookieHello(fresh);
                        probes[i].Send(hellos[i]);
                        Interlocked.Increment(ref sent);
                    }
                    stop.WaitHandle.WaitOne(250);
                }
            }))
            {
                await Task.Delay(2500);   // every attacking handshake is now older than any honest one needs
                await Task.Run(() => gw.AssertHonestCompletes(Wire.Udp, 3, $"{probes.Count} addresses replaying cookie HELLOs"));
            }
            AttackLog.Tried("UDP handshake table held by cookie replay", (int)Interlocked.Read(ref sent));
        }
        finally { foreach (var p in probes) p.Dispose(); }
    }

    [Fact]
    public async Task Udp_forged_hellos_with_the_victims_ip_do_not_starve_its_cookies()
    {
        await using var gw = new GatewayUnderTest();   // spec cookie budget: 10, 5 per second
        var forgers = Enumerable.Range(0, 16).Select(_ => new UdpProbe(IPAddress.Loopback, gw.Udp.LocalEndPoint)).ToList();
        long sent = 0;
        try
        {
            using (new Background(stop =>
            {
                while (!stop.IsCancellationRequested)   // ~400 cookie-less HELLOs/s from the victim's IP, other ports
                {
                    foreach (var f in forgers) { f.Send(HandshakeBytes.Hello(f.DeviceId, f.PubC)); Interlocked.Increment(ref sent); }
                    stop.WaitHandle.WaitOne(40);
                }
            }))
            {
                await Task.Delay(500);
                await Task.Run(() => gw.AssertHonestCompletes(Wire.Udp, 3, "a flood of HELLOs from the victim's IP"));
            }
            AttackLog.Tried("UDP cookie starvation (forged victim IP)", (int)Interlocked.Read(ref sent));
        }
        finally { foreach (var f in forgers) f.Dispose(); }
    }

    public static IEnumerable<(string Name, byte[] Frame)> ForgedHandshakeFrames()
    {
        foreach (byte t in new[] { (byte)PacketType.Challenge, (byte)PacketType.HelloAck, (byte)PacketType.SessionOk, (byte)PacketType.HelloRetry })
            foreach (bool crc in new[] { true, false })
                yield return ($"12-byte {PacketTypes.Name(t)} ({(crc ? "good" : "bad")} CRC)", HandshakeBytes.Header(t, t == (byte)PacketType.HelloAck ? 2u : 0u, crc));
        byte[] ack = HandshakeBytes.WrongHelloAck();
        ack[10] ^= 0x5A;
        yield return ("44-byte HELLO_ACK with a bad CRC", ack);
        byte[] wrongVersion = HandshakeBytes.WrongHelloAck();
        wrongVersion[2] = 0x01;
        Usmp.FrameHeader.WriteCrc(wrongVersion, 0);
        yield return ("HELLO_ACK with version 1", wrongVersion);
    }

    [Fact]
    public async Task Udp_a_forged_frame_from_the_devices_address_does_not_kill_its_handshake()
    {
        // The cases' devices all come from 127.0.0.1, 4 at a time: the per-IP caps are not under test here.
        await using var gw = new GatewayUnderTest(new GatewayOptions { MaxConnectionsPerIp = 50, MaxUdpHandshakesPerIp = 50 });
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var cases = ForgedHandshakeFrames().ToList();
        await Task.Run(() => Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, c =>
        {
            // The forged frame reaches the gateway from the device's own address, right after the
            // gateway sent its CHALLENGE and before the device's HELLO_ACK.
            var once = new OncePolicy(p => p.IsFrame && p.Direction == Direction.ToDevice && p.Type == Frames.Challenge,
                (p, _) => { var v = Verdict.With(p.Bytes); v.EmitBack.Add(c.Frame); return v; });
            var proxy = new UdpAttackProxy(gw.Udp.LocalEndPoint, once);
            using var dev = new TestDevice(Wire.Udp, proxy.Endpoint);
            try
            {
                bool ok = dev.Connect() && dev.Exchange(32, 3000);
                if (!once.Fired) failures.Enqueue($"{c.Name}: the forgery never fired");
                else if (!ok) failures.Enqueue($"{c.Name}: the honest handshake was killed: {dev.Error?.GetType().Name}: {dev.Error?.Message}");
            }
            finally { proxy.DisposeAsync().AsTask().Wait(5000); }
        }));
        AttackLog.Tried("UDP forged handshake frame", cases.Count);
        Assert.True(failures.IsEmpty, $"{failures.Count}/{cases.Count} cases failed:\n" + string.Join("\n", failures));
        Assert.True(gw.Udp.HandshakesFailed == 0, $"{gw.Udp.HandshakesFailed} handshake failures were counted against the devices' addresses");
    }
}
