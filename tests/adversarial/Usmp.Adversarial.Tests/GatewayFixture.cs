// The real gateway in process (TCP + UDP on 127.0.0.1 free ports) with a recording echo handler,
// plus two honest devices (one TCP, one UDP) talking to it directly for the whole run: every test
// checks that they kept working (a bad peer must not disturb anyone else).
// Limits are raised because every attacker and victim shares 127.0.0.1; the lockout itself is
// exercised by its own test. Short timeouts so stalls end within the hang guards.
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Usmp.Gateway;
using Xunit;

namespace Usmp.Adversarial.Tests;

public enum Wire { Tcp, Udp }

/// <summary>What the gateway application saw of one session.</summary>
public sealed class GatewayRecord(GatewaySession session)
{
    public GatewaySession Session { get; } = session;
    public List<byte[]> Received { get; } = new();
    public List<byte[]> Sent { get; } = new();
}

/// <summary>Echoes every message; "cmd:rekey" makes the gateway REKEY first, then reply "rekeyed".</summary>
public sealed class RecordingHandler : ISessionHandler
{
    public ConcurrentDictionary<string, ConcurrentQueue<GatewayRecord>> ByDevice { get; } = new();

    public async Task HandleAsync(GatewaySession session, CancellationToken ct)
    {
        var record = new GatewayRecord(session);
        ByDevice.GetOrAdd(session.DeviceId.Replace(":", ""), _ => new()).Enqueue(record);
        try
        {
            while (true)
            {
                byte[] m = await session.ReceiveAsync(null, ct);
                lock (record.Received) record.Received.Add(m);
                byte[] reply = m;
                if (m.Length >= 9 && Encoding.ASCII.GetString(m, 0, 9) == "cmd:rekey")
                {
                    await session.RekeyAsync(ct);
                    reply = Encoding.ASCII.GetBytes("rekeyed:" + Convert.ToHexString(m));
                }
                lock (record.Sent) record.Sent.Add(reply);
                await session.SendAsync(reply, ct);
            }
        }
        catch (SessionClosedException) { }
        catch (OperationCanceledException) { }
    }

    public List<GatewayRecord> For(string deviceHex) =>
        ByDevice.TryGetValue(deviceHex, out var q) ? q.ToList() : new List<GatewayRecord>();
}

public sealed class GatewayFixture : IAsyncLifetime
{
    public static readonly byte[] Psk = Encoding.ASCII.GetBytes(PskStore.DevelopmentPsk);
    public RecordingHandler Handler { get; } = new();
    public GatewayOptions Options { get; } = new()
    {
        SessionTimeout = TimeSpan.FromSeconds(4),
        HandshakeTimeout = TimeSpan.FromSeconds(3),
        MaxConnections = 4000,
        MaxConnectionsPerIp = 4000,
        LockoutThreshold = 1_000_000,
        MaxUdpHandshakesPerIp = 1000,
        CookieBucketCapacity = 100_000,
        CookieTokensPerSecond = 100_000,
        MaxConcurrentHandshakes = 64,
    };
    public TcpGateway Tcp { get; private set; } = null!;
    public UdpGateway Udp { get; private set; } = null!;
    public HonestDevice HonestTcp { get; private set; } = null!;
    public HonestDevice HonestUdp { get; private set; } = null!;

    public IPEndPoint Endpoint(Wire w) => w == Wire.Tcp ? Tcp.LocalEndPoint : Udp.LocalEndPoint;

    public Task InitializeAsync()
    {
        Tcp = new TcpGateway(Options, PskStore.Development(), Handler);
        Udp = new UdpGateway(Options, PskStore.Development(), Handler);
        Tcp.Start(IPAddress.Loopback, 0);
        Udp.Start(IPAddress.Loopback, 0);
        HonestTcp = new HonestDevice(Wire.Tcp, Tcp.LocalEndPoint);
        HonestUdp = new HonestDevice(Wire.Udp, Udp.LocalEndPoint);
        return Task.CompletedTask;
    }

    /// <summary>Both honest sessions made progress since the last call, with no error, no mismatch, no reconnect.</summary>
    public void AssertHonestUntouched()
    {
        HonestTcp.AssertHealthyAndProgressing();
        HonestUdp.AssertHealthyAndProgressing();
    }

    public async Task DisposeAsync()
    {
        HonestTcp.Stop();
        HonestUdp.Stop();
        await Tcp.DisposeAsync();
        await Udp.DisposeAsync();
    }
}

[CollectionDefinition("gateway")]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture> { }

/// <summary>An honest device on its own thread: unique messages, each echo checked byte for byte.</summary>
public sealed class HonestDevice
{
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _ok, _lastChecked;
    private readonly ConcurrentQueue<string> _errors = new();

    public HonestDevice(Wire wire, IPEndPoint gateway)
    {
        Device = new TestDevice(wire, gateway);
        if (!Device.Connect()) throw new InvalidOperationException($"honest {wire} device could not connect: {Device.Error}");
        _thread = new Thread(Run) { IsBackground = true, Name = $"honest-{wire}" };
        _thread.Start();
    }

    public TestDevice Device { get; }
    public long Echoes => Interlocked.Read(ref _ok);

    private void Run()
    {
        var rng = new Random(7);
        while (!_stop)
        {
            byte[] m = TestDevice.UniqueMessage(8 + rng.Next(0, 600));
            if (!Device.Exchange(m, 5000))
            {
                _errors.Enqueue(Device.Error?.ToString() ?? "echo not received within 5 s");
                return;
            }
            Interlocked.Increment(ref _ok);
            Thread.Sleep(10);
        }
    }

    public void AssertHealthyAndProgressing()
    {
        long before = _lastChecked;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Echoes <= before && _errors.IsEmpty && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Assert.True(_errors.IsEmpty, $"honest {Device.Wire} session disturbed: {string.Join("; ", _errors)}");
        Assert.True(Echoes > before, $"honest {Device.Wire} session made no progress");
        Assert.True(Device.IsConnected, $"honest {Device.Wire} session no longer connected");
        Ledger.AssertSubsequence(Device.Sent, Device.Received, $"honest {Device.Wire} echoes");
        _lastChecked = Echoes;
    }

    public void Stop() { _stop = true; _thread.Join(10000); Device.Close(); }
}
