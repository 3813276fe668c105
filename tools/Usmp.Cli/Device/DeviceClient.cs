// The device side for the host tools: firmware/Usmp's protocol core (ClientHandshake + Session)
// over firmware/Usmp's transports (TcpTransport, UdpTransport over a socket link), driven the way
// the firmware's client drives them: connect (with the UDP cookie round trip), send, receive with a
// timeout (PING answered and PONG swallowed inside), ping, rekey, close with a courtesy BYE.
// Blocking, like the device; the tools run it on its own task.
using System.Net;
using Usmp;

namespace Usmp.Cli.Device;

public sealed class DeviceClient : IDisposable
{
    private readonly IFrameTransport _transport;
    private readonly byte[] _deviceId;
    private readonly byte[] _psk;
    private readonly byte[] _frame = new byte[UsmpConstants.MaxFrame];
    private readonly IClock _clock = new SystemClock();
    private Session? _session;
    private SessionKeys? _keys; // the object the Session owns; REKEY replaces its keys in place

    public DeviceClient(IFrameTransport transport, byte[] deviceId, byte[] psk)
    {
        _transport = transport;
        _deviceId = (byte[])deviceId.Clone();
        _psk = (byte[])psk.Clone();
    }

    public static DeviceClient Tcp(IPEndPoint gateway, byte[] deviceId, byte[] psk)
        => new(new TcpTransport(gateway, 5000, new SystemClock()), deviceId, psk);

    public static DeviceClient Udp(IPEndPoint gateway, byte[] deviceId, byte[] psk)
        => new(new UdpTransport(new HostDatagramLink(gateway), new SystemClock()), deviceId, psk);

    public IFrameTransport Transport => _transport;
    public bool IsConnected => _session != null && _session.IsOpen;
    public string? SessionId { get; private set; }
    public int PongsReceived { get; private set; }

    /// <summary>§3 (and §8 over UDP): HELLO [→ HELLO_RETRY → HELLO+cookie] → CHALLENGE → HELLO_ACK → SESSION_OK.</summary>
    public void Connect(int timeoutMs = 10000)
    {
        var hs = new ClientHandshake(_deviceId, _psk, new NativeRandomSource());
        try
        {
            _transport.Open();
            long deadline = _clock.NowMilliseconds + timeoutMs;
            _transport.SendFrame(_frame, 0, hs.CreateHello(_frame, 0));
            int n = ReceiveHandshakeFrame(deadline);
            if (_transport.IsDatagram)
            {
                hs.ConsumeHelloRetry(_frame, 0, n);
                _transport.SendFrame(_frame, 0, hs.CreateHelloWithCookie(_frame, 0));
                n = ReceiveHandshakeFrame(deadline);
            }
            hs.ConsumeChallenge(_frame, 0, n);
            _transport.SendFrame(_frame, 0, hs.CreateHelloAck(_frame, 0));
            n = ReceiveHandshakeFrame(deadline);
            hs.ConsumeSessionOk(_frame, 0, n);
            SessionKeys keys = hs.TakeSessionKeys();
            SessionId = Convert.ToHexStringLower(keys.SessionId);
            _transport.InstallSessionKeys(keys.TxKey, keys.RxKey);
            _keys = keys;
            _session = new Session(keys, _transport.IsDatagram, new NativeRandomSource(), _clock);
        }
        catch
        {
            hs.Abort();
            _transport.Close();
            throw;
        }
    }

    /// <summary>Connect, retried on timeout: over UDP a lost HELLO_RETRY is never resent (§8), so a
    /// device on a lossy link retries the whole handshake, as the firmware client's reconnect does.</summary>
    public int ConnectWithRetry(int attempts, int timeoutMs)
    {
        for (int i = 1; ; i++)
        {
            try { Connect(timeoutMs); return i; }
            catch (UsmpTimeoutException) when (i < attempts) { }
            catch (TransportException) when (i < attempts) { }
        }
    }

    public void Send(byte[] data) => Run(s => s.Send(data, 0, data.Length, _transport));

    public void Ping() => Run(s => s.Ping(_transport));

    public void Rekey()
    {
        Run(s => s.Rekey(_transport));
        ReinstallKeys();
    }

    /// <summary>The next message, or null after timeoutMs. PING/PONG/REKEY are handled inside (§7).</summary>
    public byte[]? Receive(int timeoutMs)
    {
        long deadline = _clock.NowMilliseconds + timeoutMs;
        while (true)
        {
            SessionEvent ev = PumpOne(deadline, out byte[]? message);
            if (ev == SessionEvent.Message) return message;
            if (_clock.NowMilliseconds >= deadline) return null;
        }
    }

    /// <summary>Waits for the PONG of a Ping(); false after timeoutMs. Messages meanwhile go to Pending.</summary>
    public bool WaitForPong(int timeoutMs)
    {
        long deadline = _clock.NowMilliseconds + timeoutMs;
        while (_clock.NowMilliseconds < deadline)
        {
            SessionEvent ev = PumpOne(deadline, out byte[]? message);
            if (message != null) Pending.Enqueue(message);
            if (ev == SessionEvent.Pong) return true;
        }
        return false;
    }

    /// <summary>Messages that arrived while waiting for a PONG.</summary>
    public Queue<byte[]> Pending { get; } = new();

    // One inbound frame (or a timeout): returns its event; a message is copied out.
    private SessionEvent PumpOne(long deadline, out byte[]? message)
    {
        message = null;
        var session = _session ?? throw new NotConnectedException("not connected");
        if (Pending.Count > 0) { message = Pending.Dequeue(); return SessionEvent.Message; }
        int n = ReceiveFrame((int)Math.Max(1, deadline - _clock.NowMilliseconds));
        if (n == 0) return SessionEvent.None;
        SessionEvent ev = Accept(session, n);
        if (ev == SessionEvent.Message) message = session.MessageBuffer.AsSpan(0, session.MessageLength).ToArray();
        if (ev == SessionEvent.Pong) PongsReceived++;
        if (ev == SessionEvent.Closed) throw new ConnectionClosedException("gateway sent BYE");
        return ev;
    }

    // The firmware TcpTransport recognises a timeout by ErrorCode 10060 (nanoFramework); on .NET/Linux
    // that is SocketErrorCode, so a host timeout arrives as TransportException: treat it as "nothing yet".
    private int ReceiveFrame(int timeoutMs)
    {
        try { return _transport.ReceiveFrame(_frame, 0, timeoutMs); }
        catch (TransportException e) when (e.InnerException is System.Net.Sockets.SocketException
            { SocketErrorCode: System.Net.Sockets.SocketError.TimedOut or System.Net.Sockets.SocketError.WouldBlock })
        {
            return 0;
        }
    }

    /// <summary>Courtesy BYE once (failure ignored), then keys wiped and transport closed.</summary>
    public void Close()
    {
        try { if (_session is { IsOpen: true } s) s.Bye(_transport); }
        catch (Exception) { /* courtesy only */ }
        _session?.Close();
        _transport.Close();
    }

    public void Dispose() => Close();

    private SessionEvent Accept(Session session, int n)
    {
        uint seq = FrameHeader.ReadSeq(_frame, 0);
        bool wasRekey = FrameHeader.ReadType(_frame, 0) == PacketType.Rekey;
        SessionEvent ev = session.Accept(_frame, 0, n, _transport);
        if (ev != SessionEvent.Dropped)
        {
            if (wasRekey) ReinstallKeys();
            else _transport.ConfirmAuthenticated(seq);
        }
        return ev;
    }

    // §7: after REKEY both sides use new keys; the UDP transport MACs UTACKs with them (§8).
    private void ReinstallKeys()
    {
        var keys = _keys!;
        _transport.InstallSessionKeys(keys.TxKey, keys.RxKey);
    }

    private void Run(Action<Session> action)
    {
        var session = _session ?? throw new NotConnectedException("not connected");
        action(session);
    }

    private int ReceiveHandshakeFrame(long deadline)
    {
        int left = (int)(deadline - _clock.NowMilliseconds);
        if (left <= 0) throw new UsmpTimeoutException("handshake timed out");
        int n = ReceiveFrame(left);
        if (n == 0) throw new UsmpTimeoutException("handshake timed out");
        return n;
    }
}
