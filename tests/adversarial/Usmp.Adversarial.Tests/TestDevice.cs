// A device under attack: the firmware's UsmpClient (TcpTransport / UdpTransport over a socket
// link) driven step by step, recording every message it sent and every message its application
// received, and the first exception (the typed error the spec requires on the receiving side).
using System.Net;
using System.Security.Cryptography;
using Usmp;

namespace Usmp.Adversarial.Tests;

public sealed class TestDevice : IDisposable
{
    private static int _nextId = 0x100;
    private readonly UsmpClient _client;
    private readonly byte[] _buffer = new byte[UsmpConstants.MaxMessageSize];

    /// <param name="wrapLink">UDP: wraps the socket link (e.g. a RecordingLink that sees every datagram).</param>
    /// <param name="wrapTransport">Wraps the transport the client uses (e.g. a sender that skips a frame).</param>
    public TestDevice(Wire wire, IPEndPoint endpoint, byte[]? psk = null, int handshakeTimeoutMs = 4000, Action<UsmpClientOptions>? configure = null,
        Func<IDatagramLink, IDatagramLink>? wrapLink = null, Func<IFrameTransport, IFrameTransport>? wrapTransport = null)
    {
        Wire = wire;
        int id = Interlocked.Increment(ref _nextId);
        DeviceId = new byte[] { 0xAD, 0x7E, (byte)(Environment.ProcessId >> 8), (byte)(id >> 16), (byte)(id >> 8), (byte)id };
        var options = new UsmpClientOptions
        {
            DeviceId = DeviceId,
            Psk = psk ?? GatewayFixture.Psk,
            Random = new NativeRandomSource(),
            HandshakeTimeoutMs = handshakeTimeoutMs,
            ConnectTimeoutMs = 3000,
        };
        configure?.Invoke(options);
        if (wrapLink == null && wrapTransport == null)
        {
            _client = wire == Wire.Tcp
                ? UsmpClient.CreateTcp("127.0.0.1", endpoint.Port, options)
                : UsmpClient.CreateUdp("127.0.0.1", endpoint.Port, options);
        }
        else
        {
            var ep = new IPEndPoint(IPAddress.Loopback, endpoint.Port);
            IFrameTransport transport = wire == Wire.Tcp
                ? new TcpTransport(ep, options.ConnectTimeoutMs, new SystemClock())
                : new UdpTransport((wrapLink ?? (l => l))(new SocketDatagramLink(ep)), new SystemClock());
            _client = new UsmpClient(options, (wrapTransport ?? (t => t))(transport));
        }
    }

    public Wire Wire { get; }
    public byte[] DeviceId { get; }
    public string DeviceHex => Convert.ToHexStringLower(DeviceId);
    public List<byte[]> Sent { get; } = new();
    public List<byte[]> Received { get; } = new();
    public Exception? Error { get; private set; }
    public bool IsConnected => _client.IsConnected;
    public UsmpClient Client => _client;

    public static byte[] UniqueMessage(int size) => RandomNumberGenerator.GetBytes(size);

    /// <summary>Handshake; false (with Error set) when refused.</summary>
    public bool Connect()
    {
        try { _client.Connect(); return true; }
        catch (Exception e) { Error = e; return false; }
    }

    /// <summary>Sends one message and waits for its echo. False on timeout or error (Error set on error).</summary>
    public bool Exchange(byte[] message, int echoTimeoutMs = 1500)
    {
        if (Error != null || !_client.IsConnected) return false;
        try
        {
            lock (Sent) Sent.Add(message);   // Ledger snapshots under the list's own lock
            _client.Send(message);
            return ReceiveOne(echoTimeoutMs);
        }
        catch (Exception e) { Error = e; return false; }
    }

    public bool Exchange(int size, int echoTimeoutMs = 1500) => Exchange(UniqueMessage(size), echoTimeoutMs);

    /// <summary>Sends one message without waiting for anything back. False (Error set) on error.</summary>
    public bool Send(byte[] message)
    {
        if (Error != null || !_client.IsConnected) return false;
        try
        {
            lock (Sent) Sent.Add(message);
            _client.Send(message);
            return true;
        }
        catch (Exception e) { Error = e; return false; }
    }

    /// <summary>Waits for one message (an echo or a gateway reply).</summary>
    public bool ReceiveOne(int timeoutMs)
    {
        if (Error != null) return false;
        try
        {
            if (!_client.TryReceive(_buffer, 0, timeoutMs, out int n)) return false;
            lock (Received) Received.Add(_buffer.AsSpan(0, n).ToArray());
            return true;
        }
        catch (Exception e) { Error = e; return false; }
    }

    /// <summary>The main loop's keepalive tick (a PING when idle; the RX watchdog), errors recorded.</summary>
    public void KeepaliveTick()
    {
        if (Error != null) return;
        try { _client.KeepaliveTick(); }
        catch (Exception e) { Error = e; }
    }

    public void Rekey()
    {
        try { _client.Rekey(); }
        catch (Exception e) { Error = e; }
    }

    public void Close() { try { _client.Close(); } catch { } }
    public void Dispose() => Close();
}
