// A gateway pair (TCP + UDP) on 127.0.0.1 free ports for one test, plus device helpers.
using System.Net;
using System.Text;
using Usmp.Cli.Device;
using Usmp.Gateway;

namespace Usmp.EndToEnd.Tests;

public enum Wire { Tcp, Udp }

internal sealed class TestGateway : IAsyncDisposable
{
    public static readonly byte[] Psk = Encoding.ASCII.GetBytes(PskStore.DevelopmentPsk);
    public static readonly byte[] DeviceId = Convert.FromHexString("a0b1c2d3e4f5");

    public TcpGateway Tcp { get; }
    public UdpGateway Udp { get; }
    public GatewayOptions Options { get; }

    public TestGateway(ISessionHandler? handler = null, GatewayOptions? options = null, PskStore? psks = null)
    {
        Options = options ?? new GatewayOptions();
        psks ??= PskStore.Development();
        Tcp = new TcpGateway(Options, psks, handler ?? new ScriptHandler());
        Udp = new UdpGateway(Options, psks, handler ?? new ScriptHandler());
        Tcp.Start(IPAddress.Loopback, 0);
        Udp.Start(IPAddress.Loopback, 0);
    }

    public IPEndPoint Endpoint(Wire wire) => wire == Wire.Tcp ? Tcp.LocalEndPoint : Udp.LocalEndPoint;

    public DeviceClient Device(Wire wire, byte[]? psk = null, byte[]? deviceId = null)
        => Device(wire, Endpoint(wire), psk, deviceId);

    public static DeviceClient Device(Wire wire, IPEndPoint ep, byte[]? psk = null, byte[]? deviceId = null)
        => wire == Wire.Tcp ? DeviceClient.Tcp(ep, deviceId ?? DeviceId, psk ?? Psk) : DeviceClient.Udp(ep, deviceId ?? DeviceId, psk ?? Psk);

    public async ValueTask DisposeAsync()
    {
        await Tcp.DisposeAsync();
        await Udp.DisposeAsync();
    }

    /// <summary>Polls a condition until it holds or the hang guard elapses (no timing assertions).</summary>
    public static async Task<bool> Eventually(Func<bool> condition, int guardMs = 20000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(guardMs);
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            await Task.Delay(20);
        }
        return condition();
    }
}

/// <summary>
/// The test handler: echoes, except for commands that make the GATEWAY act:
/// "send:N" sends N pattern bytes; "burst:N" sends N numbered messages; "rekey" rekeys from the
/// gateway side then replies "rekeyed"; "ping" pings the device then replies "pinged".
/// </summary>
internal sealed class ScriptHandler : ISessionHandler
{
    public static byte[] Pattern(int n, int salt = 0)
    {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte)(i * 31 + salt + (i >> 8));
        return b;
    }

    public async Task HandleAsync(GatewaySession session, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                byte[] m = await session.ReceiveAsync(null, ct);
                string text = m.Length < 32 ? Encoding.ASCII.GetString(m) : "";
                if (text.StartsWith("send:")) await session.SendAsync(Pattern(int.Parse(text[5..]), 1), ct);
                else if (text.StartsWith("burst:"))
                    for (int i = 0; i < int.Parse(text[6..]); i++) await session.SendAsync(BitConverter.GetBytes(i), ct);
                else if (text == "rekey") { await session.RekeyAsync(ct); await session.SendAsync("rekeyed"u8.ToArray(), ct); }
                else if (text == "ping") { await session.PingAsync(TimeSpan.FromSeconds(10), ct); await session.SendAsync("pinged"u8.ToArray(), ct); }
                else await session.SendAsync(m, ct);
            }
        }
        catch (SessionClosedException) { }
        catch (OperationCanceledException) { }
    }
}
