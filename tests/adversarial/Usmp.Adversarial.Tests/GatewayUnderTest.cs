// A fresh gateway pair (TCP + UDP on 127.0.0.1) per resource/leak attack, with the limits a real
// deployment runs (the shared GatewayFixture raises them, since there every attacker shares
// 127.0.0.1), a recording echo handler, and a logger that keeps every line it was given. Attackers
// use other 127.0.0.x source addresses (RawPeers); the honest device is the real client on 127.0.0.1.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Usmp.Gateway;
using Xunit;

namespace Usmp.Adversarial.Tests;

public sealed class GatewayUnderTest : IAsyncDisposable
{
    public GatewayUnderTest(GatewayOptions? options = null, PskStore? psks = null)
    {
        Options = options ?? new GatewayOptions();
        psks ??= PskStore.Development();
        Tcp = new TcpGateway(Options, psks, Handler, Log);
        Udp = new UdpGateway(Options, psks, Handler, Log);
        Tcp.Start(IPAddress.Loopback, 0);
        Udp.Start(IPAddress.Loopback, 0);
    }

    public GatewayOptions Options { get; }
    public RecordingHandler Handler { get; } = new();
    public CapturingLogger Log { get; } = new();
    public TcpGateway Tcp { get; }
    public UdpGateway Udp { get; }

    public IPEndPoint Endpoint(Wire w) => w == Wire.Tcp ? Tcp.LocalEndPoint : Udp.LocalEndPoint;

    /// <summary>One honest handshake from 127.0.0.1 (the real client), then one echo; its outcome and time.</summary>
    public HonestResult Honest(Wire w, int handshakeTimeoutMs = 4000, byte[]? deviceId = null, byte[]? psk = null)
    {
        var sw = Stopwatch.StartNew();
        using var dev = new TestDevice(w, Endpoint(w), psk, handshakeTimeoutMs, o => { if (deviceId != null) o.DeviceId = deviceId; });
        bool ok = dev.Connect() && dev.Exchange(64, 3000);
        return new HonestResult(ok, sw.ElapsedMilliseconds, dev.Error?.GetType().Name + ": " + dev.Error?.Message);
    }

    /// <summary>n honest handshakes in a row, each of which must succeed.</summary>
    public void AssertHonestCompletes(Wire w, int n, string during)
    {
        for (int i = 0; i < n; i++)
        {
            var r = Honest(w);
            Assert.True(r.Ok, $"honest {w} device #{i + 1} could not complete its handshake during {during} ({r.Ms} ms): {r.Error}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Tcp.DisposeAsync();
        await Udp.DisposeAsync();
    }
}

/// <summary>The resource and leak attacks: each test runs its own gateway, one test at a time.</summary>
[CollectionDefinition("limits")]
public sealed class LimitsCollection { }

public sealed record HonestResult(bool Ok, long Ms, string Error);

/// <summary>Keeps every log line (level, formatted text); thread-safe.</summary>
public sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Lines.Enqueue((logLevel, formatter(state, exception)));

    public List<string> At(LogLevel level) => Lines.Where(l => l.Level == level).Select(l => l.Text).ToList();
}
