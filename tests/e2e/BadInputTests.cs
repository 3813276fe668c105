// §4, §8, §9: garbage, oversize lengths, half frames and floods are refused within bounded time
// and memory, and a concurrent good session is undisturbed.
using System.Net;
using System.Net.Sockets;
using Usmp.Gateway;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public class BadInputTests
{
    private static GatewayOptions Lenient() => new()
    {
        HandshakeTimeout = TimeSpan.FromMilliseconds(800), MaxConnectionsPerIp = 1000, MaxConnections = 1000,
    };

    // The connection is closed by the gateway: a read returns 0 or fails, within the hang guard.
    private static async Task<bool> ClosedByGateway(Socket s)
    {
        var buf = new byte[64];
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (true)
                if (await s.ReceiveAsync(buf, SocketFlags.None, guard.Token) == 0) return true;
        }
        catch (SocketException) { return true; }
        catch (OperationCanceledException) { return false; }
    }

    private static async Task<Socket> ConnectAsync(IPEndPoint ep)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(ep);
        return s;
    }

    [Theory]
    [InlineData("garbage", "00112233445566778899aabbccddeeff")]
    [InlineData("oversize length", "cdab020100000000ffff0000")]
    [InlineData("length 481", "cdab020100000000e1010000")]
    [InlineData("wrong version", "cdab0101000000002600f191" + "a0b1c2d3e4f58520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")]
    [InlineData("unknown type", "cdab0277000000000000aaaa")]
    [InlineData("session frame first", "cdab02050000000000000000")]
    [InlineData("half frame", "cdab0201000000")]
    public async Task Tcp_bad_input_is_refused_and_a_good_session_is_undisturbed(string name, string hex)
    {
        await using var gw = new TestGateway(options: Lenient());
        using var good = gw.Device(Wire.Tcp);
        await Task.Run(() => good.Connect());
        using var bad = await ConnectAsync(gw.Tcp.LocalEndPoint);
        await bad.SendAsync(Convert.FromHexString(hex));
        Assert.True(await ClosedByGateway(bad), $"{name}: the gateway kept the connection open");
        await Task.Run(() =>
        {
            good.Send([1, 2, 3]);
            Assert.Equal(new byte[] { 1, 2, 3 }, good.Receive(10000));
        });
        Assert.True(await TestGateway.Eventually(() => gw.Tcp.HandshakesFailed == 1), $"{name}: refusal not counted");
    }

    [Fact]
    public async Task Tcp_flood_of_bad_connections_locks_the_ip_out_and_leaves_the_good_session_alone()
    {
        await using var gw = new TestGateway(options: Lenient());
        using var good = gw.Device(Wire.Tcp);
        await Task.Run(() => good.Connect());
        var rng = new Random(5);
        var attacks = Enumerable.Range(0, 200).Select(async i =>
        {
            try
            {
                using var s = await ConnectAsync(gw.Tcp.LocalEndPoint);
                byte[] junk;
                lock (rng) { junk = new byte[rng.Next(1, 600)]; rng.NextBytes(junk); junk[0] = 0x00; }
                await s.SendAsync(junk);
                await ClosedByGateway(s);
            }
            catch (SocketException) { /* refused outright: fine */ }
        });
        await Task.WhenAll(attacks);
        Assert.True(gw.Tcp.Limiter.IsLockedOut(IPAddress.Loopback), "5+ failures must lock the IP out (§9)");
        await Task.Run(() =>
        {
            for (int i = 0; i < 20; i++)
            {
                good.Send(BitConverter.GetBytes(i));
                Assert.Equal(BitConverter.GetBytes(i), good.Receive(10000));
            }
        });
    }

    [Fact]
    public async Task Tcp_garbage_inside_an_established_session_ends_only_that_session()
    {
        await using var gw = new TestGateway(options: Lenient());
        using var good = gw.Device(Wire.Tcp);
        using var victim = gw.Device(Wire.Tcp);
        await Task.Run(() => { good.Connect(); victim.Connect(); });
        var transport = (Usmp.TcpTransport)victim.Transport;
        byte[] forged = Convert.FromHexString("cdab0205000000001c000000" + new string('0', 56)); // DATA, bad CRC and tag
        transport.SendFrame(forged, 0, forged.Length);
        await Task.Run(() =>
        {
            Assert.ThrowsAny<UsmpException>(() => victim.Receive(10000));
            good.Send([9]);
            Assert.Equal(new byte[] { 9 }, good.Receive(10000));
        });
    }

    [Fact]
    public async Task Udp_flood_of_junk_and_cookie_requests_is_dropped_and_the_good_session_is_undisturbed()
    {
        await using var gw = new TestGateway(options: Lenient());
        using var good = gw.Device(Wire.Udp);
        await Task.Run(() => good.Connect());
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var rng = new Random(11);
        byte[] hello = Convert.FromHexString("cdab0201000000002600f191a0b1c2d3e4f58520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        for (int i = 0; i < 3000; i++)
        {
            byte[] d;
            switch (i % 4)
            {
                case 0: d = new byte[rng.Next(0, 600)]; rng.NextBytes(d); break;          // junk
                case 1: d = hello; break;                                                // cookie requests (rate-limited)
                case 2: d = Convert.FromHexString("cdab0205" + i.ToString("x8") + "1c000000" + new string('0', 56)); break; // forged DATA
                default: d = Convert.FromHexString("acac05" + i.ToString("x8")[..8]); break;  // stray UTACK
            }
            attacker.SendTo(d, gw.Udp.LocalEndPoint);
        }
        await Task.Run(() =>
        {
            for (int i = 0; i < 20; i++)
            {
                good.Send(BitConverter.GetBytes(i));
                Assert.Equal(BitConverter.GetBytes(i), good.Receive(10000));
            }
        });
        Assert.True(gw.Udp.DatagramsDropped > 1000, $"dropped {gw.Udp.DatagramsDropped}");
        Assert.Equal(1, gw.Udp.ActiveSessions);
    }

    [Fact]
    public async Task Udp_handshake_that_stalls_after_the_cookie_times_out_and_counts_as_a_failure()
    {
        await using var gw = new TestGateway(options: Lenient());
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.ReceiveTimeout = 5000;
        byte[] hello = Convert.FromHexString("cdab0201000000002600f191a0b1c2d3e4f58520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        s.SendTo(hello, gw.Udp.LocalEndPoint);
        byte[] buf = new byte[600];
        byte[]? cookie = null;
        for (int i = 0; i < 4 && cookie == null; i++)
        {
            int n = s.Receive(buf);
            if (n == 12 + 16 && buf[3] == 0x0A) cookie = buf.AsSpan(12, 16).ToArray();      // HELLO_RETRY
        }
        Assert.NotNull(cookie);
        byte[] withCookie = new byte[12 + 54];
        int len = FrameHeader.WritePlain(withCookie, 0, PacketType.Hello, 1, [.. hello.AsSpan(12, 38), .. cookie!], 0, 54);
        s.SendTo(withCookie.AsSpan(0, len), gw.Udp.LocalEndPoint);
        // ... and never send HELLO_ACK: the handshake_timeout (800 ms here) must fail it.
        Assert.True(await TestGateway.Eventually(() => gw.Udp.HandshakesFailed == 1));
    }
}
