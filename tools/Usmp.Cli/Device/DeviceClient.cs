// The device side for the host tools: the firmware's own client (firmware/Usmp/Client/UsmpClient,
// built for the PC through tools/dotnet/Usmp.DotNet) over the firmware's transports. This wrapper only
// adapts it to the tools' needs: a per-call connect timeout, messages returned as arrays, waiting
// for a PONG while keeping messages that arrive meanwhile. Blocking, like the device.
using System.Net;
using Usmp;

namespace Usmp.Cli.Device;

public sealed class DeviceClient : IDisposable
{
    private readonly UsmpClientOptions _options;
    private readonly UsmpClient _client;
    private readonly IFrameTransport _transport;
    private readonly byte[] _buffer = new byte[UsmpConstants.MaxMessageSize];

    public DeviceClient(IFrameTransport transport, byte[] deviceId, byte[] psk)
    {
        _transport = transport;
        _options = new UsmpClientOptions
        {
            DeviceId = (byte[])deviceId.Clone(), Psk = (byte[])psk.Clone(), Random = new NativeRandomSource(), Clock = new SystemClock(),
            // A PC tool retries sooner than a fleet of devices would (the library's defaults: 500 ms to 30 s).
            ReconnectBaseDelayMs = 100, ReconnectMaxDelayMs = 2000,
        };
        _client = new UsmpClient(_options, transport);
    }

    public static DeviceClient Tcp(IPEndPoint gateway, byte[] deviceId, byte[] psk)
        => new(new TcpTransport(gateway, 5000, new SystemClock()), deviceId, psk);

    public static DeviceClient Udp(IPEndPoint gateway, byte[] deviceId, byte[] psk)
        => new(new UdpTransport(new SocketDatagramLink(gateway), new SystemClock()), deviceId, psk);

    public IFrameTransport Transport => _transport;
    public bool IsConnected => _client.IsConnected;
    public int PongsReceived => _client.PongsReceived;
    public string? SessionId => _client.SessionId;

    /// <summary>Messages that arrived while waiting for a PONG; Receive returns them first.</summary>
    public Queue<byte[]> Pending { get; } = new();

    /// <summary>§3 (§8 over UDP: with the cookie round trip). Throws the client's typed errors.</summary>
    public void Connect(int timeoutMs = 10000)
    {
        _options.HandshakeTimeoutMs = timeoutMs;
        _client.Connect();
    }

    /// <summary>Connect, retried on failure with the client library's one reconnect policy
    /// (ReconnectPolicy: capped exponential backoff with jitter): over UDP a lost HELLO_RETRY is never
    /// resent (§8), so a device on a lossy link retries the whole handshake. Returns the attempts used.</summary>
    public int ConnectWithRetry(int attempts, int timeoutMs)
    {
        _options.HandshakeTimeoutMs = timeoutMs;
        _options.ReconnectMaxAttempts = attempts;
        return new ReconnectPolicy(_options).Run(_client.Connect, Thread.Sleep);
    }

    public void Send(byte[] data) => _client.Send(data);

    public void Ping() => _client.Ping();

    public void Rekey() => _client.Rekey();

    /// <summary>The next message, or null after timeoutMs. PING/PONG/REKEY are handled inside (§7).</summary>
    public byte[]? Receive(int timeoutMs)
    {
        if (Pending.Count > 0) return Pending.Dequeue();
        long deadline = Environment.TickCount64 + timeoutMs;
        do
        {
            int left = (int)Math.Max(1, deadline - Environment.TickCount64);
            if (_client.TryReceive(_buffer, 0, left, out int length)) return _buffer.AsSpan(0, length).ToArray();
        } while (Environment.TickCount64 < deadline);
        return null;
    }

    /// <summary>Waits for the PONG of a Ping(); false after timeoutMs. Messages meanwhile go to Pending.
    /// The client's TryReceive(..., out pong) returns at the PONG, so there is no polling.</summary>
    public bool WaitForPong(int timeoutMs)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            int left = (int)Math.Max(0, deadline - Environment.TickCount64);
            if (!_client.TryReceive(_buffer, 0, left, out int length, out bool pong)) return pong;
            Pending.Enqueue(_buffer.AsSpan(0, length).ToArray());
        }
    }

    /// <summary>Courtesy BYE once (failure ignored), keys wiped, transport closed. Idempotent.</summary>
    public void Close() => _client.Close();

    public void Dispose() => Close();
}
