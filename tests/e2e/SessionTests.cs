// Device client (firmware/Usmp on .NET) against the gateway on 127.0.0.1, TCP and UDP (spec §3-§8).
using System.Text;
using Usmp.Cli.Device;
using Usmp.Gateway;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public class SessionTests
{
    // §5, §7: one frame carries <= 452 bytes; 453, 905 start a new fragment; 1808 = 4 x 452 is the maximum.
    public static readonly TheoryData<Wire, int> BoundarySizes = Sizes();

    private static TheoryData<Wire, int> Sizes()
    {
        var d = new TheoryData<Wire, int>();
        foreach (Wire w in new[] { Wire.Tcp, Wire.Udp })
            foreach (int n in new[] { 0, 1, 451, 452, 453, 904, 905, 1808 }) d.Add(w, n);
        return d;
    }

    [Theory]
    [MemberData(nameof(BoundarySizes))]
    public async Task Device_to_gateway_message_of_boundary_size_is_echoed_exactly(Wire wire, int size)
    {
        await using var gw = new TestGateway();
        await Task.Run(() =>
        {
            using var device = gw.Device(wire);
            device.Connect();
            byte[] data = ScriptHandler.Pattern(size, 7);
            device.Send(data);
            Assert.Equal(data, device.Receive(10000));
            device.Close();
        });
    }

    [Theory]
    [MemberData(nameof(BoundarySizes))]
    public async Task Gateway_to_device_message_of_boundary_size_arrives_exactly(Wire wire, int size)
    {
        await using var gw = new TestGateway();
        await Task.Run(() =>
        {
            using var device = gw.Device(wire);
            device.Connect();
            device.Send(Encoding.ASCII.GetBytes($"send:{size}"));
            Assert.Equal(ScriptHandler.Pattern(size, 1), device.Receive(10000));
        });
    }

    [Theory]
    [InlineData(Wire.Tcp)]
    [InlineData(Wire.Udp)]
    public async Task Message_over_1808_bytes_is_refused_by_the_sender_and_the_session_survives(Wire wire)
    {
        await using var gw = new TestGateway();
        await Task.Run(() =>
        {
            using var device = gw.Device(wire);
            device.Connect();
            Assert.Throws<PayloadException>(() => device.Send(new byte[1809]));
            device.Send([1]);
            Assert.Equal(new byte[] { 1 }, device.Receive(10000));
        });
    }

    [Theory]
    [InlineData(Wire.Tcp)]
    [InlineData(Wire.Udp)]
    public async Task Rekey_from_the_device_then_from_the_gateway_keeps_the_session_working(Wire wire)
    {
        await using var gw = new TestGateway();
        await Task.Run(() =>
        {
            using var device = gw.Device(wire);
            device.Connect();
            device.Rekey();                                   // §7 initiator: device
            device.Send("after device rekey"u8.ToArray());
            Assert.Equal("after device rekey"u8.ToArray(), device.Receive(10000));
            device.Send("rekey"u8.ToArray());                 // §7 initiator: gateway
            Assert.Equal("rekeyed"u8.ToArray(), device.Receive(10000));
            device.Send(ScriptHandler.Pattern(1000));
            Assert.Equal(ScriptHandler.Pattern(1000), device.Receive(10000));
        });
    }

    // GatewayOptions.RekeyAfterMessages: the gateway rotates keys itself (before messages 4, 7 and 10
    // here); our device answers each REKEY as responder inside Receive and every echo arrives intact.
    [Theory]
    [InlineData(Wire.Tcp)]
    [InlineData(Wire.Udp)]
    public async Task The_gateways_rekey_policy_rotates_keys_under_a_live_session(Wire wire)
    {
        var handler = new RecordingEcho();
        await using var gw = new TestGateway(handler, new GatewayOptions { RekeyAfterMessages = 3 });
        await Task.Run(() =>
        {
            using var device = gw.Device(wire);
            device.Connect();
            for (int i = 0; i < 10; i++)
            {
                byte[] m = ScriptHandler.Pattern(100 + 150 * i);
                device.Send(m);
                Assert.Equal(m, device.Receive(10000));
            }
        });
        Assert.Equal(3, handler.Session!.RekeysStarted);
        Assert.Equal(10, handler.Session.MessagesOut);
    }

    private sealed class RecordingEcho : ISessionHandler
    {
        public GatewaySession? Session;
        public Task HandleAsync(GatewaySession session, CancellationToken ct) { Session = session; return new EchoHandler().HandleAsync(session, ct); }
    }

    [Theory]
    [InlineData(Wire.Tcp)]
    [InlineData(Wire.Udp)]
    public async Task Ping_from_either_side_is_answered(Wire wire)
    {
        await using var gw = new TestGateway();
        await Task.Run(() =>
        {
            using var device = gw.Device(wire);
            device.Connect();
            device.Ping();
            Assert.True(device.WaitForPong(10000));
            device.Send("ping"u8.ToArray());                  // the gateway pings; the device answers inside Receive
            Assert.Equal("pinged"u8.ToArray(), device.Receive(10000));
        });
    }

    [Theory]
    [InlineData(Wire.Tcp)]
    [InlineData(Wire.Udp)]
    public async Task Bye_from_the_device_closes_the_gateway_session(Wire wire)
    {
        await using var gw = new TestGateway();
        int SessionsOpen() => wire == Wire.Tcp ? gw.Tcp.ActiveConnections : gw.Udp.ActiveSessions;
        await Task.Run(() =>
        {
            using var device = gw.Device(wire);
            device.Connect();
            device.Send([42]);
            Assert.Equal(new byte[] { 42 }, device.Receive(10000));
            Assert.Equal(1, SessionsOpen());
            device.Close();
        });
        Assert.True(await TestGateway.Eventually(() => SessionsOpen() == 0));
    }

    [Theory]
    [InlineData(Wire.Tcp)]
    [InlineData(Wire.Udp)]
    public async Task Wrong_psk_is_refused_and_counted(Wire wire)
    {
        await using var gw = new TestGateway();
        await Task.Run(() =>
        {
            using var device = gw.Device(wire, psk: Encoding.ASCII.GetBytes("not-the-gateway-psk-0123456789"));
            var e = Record.Exception(() => device.Connect(4000));
            Assert.True(e is UsmpException, $"expected a typed USMP error, got {e?.GetType().Name ?? "success"}");
            Assert.False(device.IsConnected);
        });
        var failed = wire == Wire.Tcp ? (Func<long>)(() => gw.Tcp.HandshakesFailed) : () => gw.Udp.HandshakesFailed;
        Assert.True(await TestGateway.Eventually(() => failed() == 1));
        Assert.Equal(0, wire == Wire.Tcp ? gw.Tcp.HandshakesSucceeded : gw.Udp.HandshakesSucceeded);
    }

    [Fact]
    public async Task Device_refuses_a_gateway_whose_proof_does_not_verify()
    {
        // A fake gateway that knows the PSK for HELLO_ACK but answers with a forged SESSION_OK HMAC.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var s = client.GetStream();
            using var hs = new Usmp.Gateway.ServerHandshake(_ => (byte[])TestGateway.Psk.Clone());
            byte[] buf = new byte[492];
            await s.ReadExactlyAsync(buf.AsMemory(0, 12 + 38));
            hs.ConsumeHello(buf, 0, 50);
            int n = hs.CreateChallenge(buf, 0);
            await s.WriteAsync(buf.AsMemory(0, n));
            await s.ReadExactlyAsync(buf.AsMemory(0, 12 + 32));
            hs.ConsumeHelloAck(buf, 0, 44);
            n = hs.CreateSessionOk(buf, 0);
            buf[n - 1] ^= 0x80;                               // forge the server proof's last byte
            FrameHeader.WriteCrc(buf, 0);
            await s.WriteAsync(buf.AsMemory(0, n));
            await Task.Delay(2000);
        });
        await Task.Run(() =>
        {
            using var device = DeviceClient.Tcp((System.Net.IPEndPoint)listener.LocalEndpoint, TestGateway.DeviceId, TestGateway.Psk);
            Assert.ThrowsAny<HandshakeException>(() => device.Connect(5000));
            Assert.False(device.IsConnected);
        });
        await server;
    }

    [Theory]
    [InlineData(Wire.Tcp)]
    [InlineData(Wire.Udp)]
    public async Task Watchdog_closes_an_idle_session_and_calls_on_timeout(Wire wire)
    {
        var timedOut = new List<string>();
        var options = new Usmp.Gateway.GatewayOptions { SessionTimeout = TimeSpan.FromMilliseconds(400) };
        options.OnTimeout = (device, session) => { lock (timedOut) timedOut.Add(device); };
        await using var gw = new TestGateway(options: options);
        using var device = gw.Device(wire);
        await Task.Run(() => device.Connect());
        Assert.True(await TestGateway.Eventually(() => { lock (timedOut) return timedOut.Count == 1; }));
        Assert.Equal("a0:b1:c2:d3:e4:f5", timedOut[0]);
    }
}
