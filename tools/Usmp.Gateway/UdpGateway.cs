// The USMP gateway over UDP (spec §8): one socket, demultiplexed by source (ip, port). Per
// datagram, in order: size checks (drop, no UTACK) -> handshake frames: plain UTACK, handshake
// stream; session frames: the session, which UTACKs only what authenticated (SessionAccept.cs).
// A HELLO without cookie gets a plain UTACK and a HELLO_RETRY (within the cookie budget, no state
// kept); a HELLO with a valid cookie starts a handshake if UdpAdmission lets it (lockout, cookie not
// used yet, a slot). Handshake frames must be whole and valid (CRC included, which the reference
// skips) before they are answered or reach a handshake: a forged frame from a device's address (bad
// CRC, wrong length, wrong type for the step) is ignored instead of killing the handshake.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Usmp;
using Usmp.Native;

namespace Usmp.Gateway;

public sealed class UdpGateway : GatewayBase, IAsyncDisposable
{
    private const int HelloSize = UsmpConstants.HeaderSize + UsmpConstants.HelloPayloadSize;                     // 50: HELLO without cookie
    private const int HelloWithCookieSize = UsmpConstants.HeaderSize + UsmpConstants.HelloWithCookiePayloadSize; // 66: HELLO with cookie
    private const int CookieOffset = UsmpConstants.HeaderSize + UsmpConstants.HelloCookieOffset;
    private const int HelloAckSize = UsmpConstants.HeaderSize + UsmpConstants.HelloAckPayloadSize;               // 44: HELLO_ACK

    private readonly UdpAdmission _admission;
    private readonly Dictionary<IPEndPoint, UdpStream> _handshakes = new();
    private readonly Dictionary<IPEndPoint, UdpStream> _sessions = new();
    private readonly object _sync = new();
    private readonly byte[] _utack = new byte[Utack.MacedSize];
    private readonly Action<byte[], int, int>? _random;
    private Socket? _socket;
    private Task? _receiveLoop, _janitor;
    private long _dropped;

    public UdpGateway(GatewayOptions options, PskStore psks, ISessionHandler? handler = null, ILogger? log = null,
        UdpCookie? cookie = null, Action<byte[], int, int>? random = null)
        : base(options, psks, handler, log)
    {
        _admission = new UdpAdmission(options, _limiter, cookie ?? new UdpCookie());
        _random = random;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)(_socket?.LocalEndPoint ?? throw new InvalidOperationException("not started"));
    public HandshakeSlots HandshakeSlots => _admission.Slots;
    public long DatagramsDropped => Interlocked.Read(ref _dropped);
    public int ActiveSessions { get { lock (_sync) return _sessions.Count; } }

    public void Start(IPAddress bind, int port)
    {
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = 4 << 20;
        _socket.Bind(new IPEndPoint(bind, port));
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        _janitor = Task.Run(JanitorLoopAsync);
        _log.LogInformation("gateway listening udp {Endpoint}", LocalEndPoint);
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[65536];
        EndPoint any = new IPEndPoint(_socket!.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try { r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { continue; } // e.g. ICMP port unreachable surfaced on some stacks
            try { OnDatagram(buffer, r.ReceivedBytes, (IPEndPoint)r.RemoteEndPoint); }
            catch (Exception e) { _refusals.Warn("datagram from {Peer} dropped: {Error}", r.RemoteEndPoint, e.Message); }
        }
    }

    private void OnDatagram(byte[] d, int len, IPEndPoint from)
    {
        if (Utack.LooksLikeUtack(d, 0, len)) { RouteUtack(d, len, from); return; }
        if (!UdpDatagram.PassesSizeChecks(d, 0, len)) { Drop(); return; }   // §8: no UTACK
        byte type = (byte)FrameHeader.ReadType(d, 0);
        if (PacketTypes.IsHandshake(type)) OnHandshakeFrame(d, len, from, type);
        else OnSessionFrame(d, len, from, type);
    }

    private void RouteUtack(byte[] d, int len, IPEndPoint from)
    {
        UdpStream? hs, s;
        lock (_sync) { _handshakes.TryGetValue(from, out hs); _sessions.TryGetValue(from, out s); }
        // OnUtack checks the datagram synchronously and keeps nothing: no copy needed.
        hs?.Sender.OnUtack(d, len);
        if (s != null && s != hs) s.Sender.OnUtack(d, len);
    }

    private void OnHandshakeFrame(byte[] d, int len, IPEndPoint from, byte type)
    {
        if (FrameHeader.TryDecode(d, 0, len, checkCrc: true) != FrameStatus.Ok) { Drop(); return; }   // bad CRC, version ...: ignored
        UdpStream? stream, session;
        lock (_sync) { _handshakes.TryGetValue(from, out stream); _sessions.TryGetValue(from, out session); }
        if (stream == null)
        {
            if (type == (byte)PacketType.Hello) { OnNewHello(d, len, from); return; }
            // A late duplicate of a finished handshake's frame: acknowledge again, drop (§8).
            if (session != null && type <= (byte)PacketType.SessionOk) SendUtack(d, from, null);
            else Drop();
            return;
        }
        if (stream.IsDuplicateHandshake(type)) { SendUtack(d, from, null); return; }   // §8: acknowledged again, dropped
        // The one frame this step takes is a HELLO_ACK of its exact size; anything else is ignored.
        if (type != (byte)PacketType.HelloAck || len != HelloAckSize) { Drop(); return; }
        SendUtack(d, from, null);
        stream.LastHandshakeType = type;
        CompleteHandshake(stream, d, len);
    }

    private void OnNewHello(byte[] d, int len, IPEndPoint from)
    {
        if (len == HelloSize) { SendHelloRetry(d, from); return; }
        if (len != HelloWithCookieSize) { Drop(); return; }                         // §8: any other size ignored
        UdpStream? started = null;
        RefusalReason? refused = _admission.Admit(from, d.AsSpan(CookieOffset, UsmpConstants.CookieSize), () => OnEvicted(started), out var slot);
        if (refused != null)
        {
            Drop();
            _log.LogDebug("udp handshake from {Peer} not started: {Reason}", from, refused);
            return;
        }
        SendUtack(d, from, null);
        started = StartHandshake(d, len, from, slot!);
    }

    private void SendHelloRetry(byte[] d, IPEndPoint from)
    {
        byte[]? cookie = _admission.IssueCookie(from);
        if (cookie == null) { Drop(); return; }
        SendUtack(d, from, null);
        byte[] frame = new byte[UsmpConstants.HeaderSize + cookie.Length];
        int n = FrameHeader.WritePlain(frame, 0, PacketType.HelloRetry, 0, cookie, 0, cookie.Length);
        SendRaw(frame, n, from); // §8: once, without ARQ
    }

    private UdpStream StartHandshake(byte[] d, int len, IPEndPoint from, HandshakeSlots.Lease slot)
    {
        UdpStream? self = null;
        var sender = new UdpArqSender(_socket!, from, _options.ArqAttempts, reason => OnStreamGaveUp(self!, reason));
        var stream = self = new UdpStream(from, sender, _clock.NowMilliseconds)
        {
            Handshake = new ServerHandshake(_psks.Resolve, _random, _decoy.For), LastHandshakeType = (byte)PacketType.Hello, Slot = slot,
        };
        lock (_sync) _handshakes[from] = stream;
        try
        {
            stream.Handshake.ConsumeHello(d, 0, len);
            byte[] frame = new byte[UsmpConstants.MaxFrame];
            int n = stream.Handshake.CreateChallenge(frame, 0);
            sender.Enqueue(frame.AsSpan(0, n).ToArray(), 0);   // CHALLENGE: a handshake frame (plain UTACK)
        }
        catch (HandshakeRefusedException e) { FailHandshake(stream, e); }
        return stream;
    }

    // Its slot went to a peer from a less busy IP (HandshakeSlots): dropped, not counted.
    private void OnEvicted(UdpStream? stream)
    {
        if (stream?.Handshake is { State: not ServerHandshakeState.Failed and not ServerHandshakeState.Established })
            FailHandshake(stream, new HandshakeRefusedException(RefusalReason.Evicted,
                $"no HELLO_ACK {_options.HandshakeStallGrace.TotalSeconds:F1} s after its CHALLENGE while every slot was taken"));
    }

    private void CompleteHandshake(UdpStream stream, byte[] d, int len)
    {
        var hs = stream.Handshake!;
        try
        {
            hs.ConsumeHelloAck(d, 0, len);
        }
        catch (HandshakeRefusedException e) { FailHandshake(stream, e); return; }
        stream.Slot?.Dispose();   // the handshake is done with its slot
        // §8: after the handshake, max_connections in total and max_connections_per_ip.
        RefusalReason? full = _limits.TryAcquire(stream.Peer.Address);
        if (full != null)
        {
            hs.Abort(full.Value);
            RemoveHandshake(stream);
            stream.Sender.Close();
            _refusals.Warn("refused udp peer={Peer} reason={Reason}", stream.Peer, full);
            return;
        }
        byte[] frame = new byte[UsmpConstants.MaxFrame];
        int n = hs.CreateSessionOk(frame, 0);
        string device = hs.DeviceIdText;
        var keys = hs.TakeKeys();
        hs.Dispose();
        // Keys go to the stream just before SESSION_OK is sent (§3 end, §8).
        var session = new GatewaySession(keys, device, datagram: true, stream.Sender, _options, _log, stream.Peer, _clock);
        stream.Session = session;
        stream.Sender.Session = session;   // session-phase UTACKs are checked by the session's key epochs
        stream.Sender.Enqueue(frame.AsSpan(0, n).ToArray(), 0);   // SESSION_OK: a handshake frame (plain UTACK)
        PromoteToSession(stream, session);
        _limiter.RecordSuccess(stream.Peer.Address);
        Interlocked.Increment(ref _handshakesOk);
        _log.LogInformation("handshake ok udp device={Device} session={Session} peer={Peer} ms={Ms}",
            device, session.SessionId, stream.Peer, _clock.NowMilliseconds - stream.StartedMs);
        _ = RunHandlerAsync(session);
    }

    private void PromoteToSession(UdpStream stream, GatewaySession session)
    {
        UdpStream? old;
        lock (_sync)
        {
            _handshakes.Remove(stream.Peer);
            _sessions.TryGetValue(stream.Peer, out old);
            _sessions[stream.Peer] = stream;
        }
        // §8: a completed handshake for an address that already has a session replaces it.
        old?.Session?.Close("replaced by a new handshake from the same address");
        session.Ended += (s, _) =>
        {
            lock (_sync) { if (_sessions.TryGetValue(stream.Peer, out var cur) && cur == stream) _sessions.Remove(stream.Peer); }
            _limits.Release(stream.Peer.Address);
        };
        _watchdog.Watch(session);
    }

    private async Task RunHandlerAsync(GatewaySession session)
    {
        try { await Task.Run(() => _handler.HandleAsync(session, session.Closed)); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogWarning("handler for {Session} failed: {Error}", session.SessionId, e.Message);
        }
        catch (OperationCanceledException) { }
        session.Close("handler returned");
    }

    private void OnSessionFrame(byte[] d, int len, IPEndPoint from, byte type)
    {
        UdpStream? stream;
        lock (_sync) _sessions.TryGetValue(from, out stream);
        var session = stream?.Session;
        if (session == null || !session.IsOpen) { Drop(); return; }
        // §8, where we depart from the reference: no UTACK before decryption. The session sends one
        // (through its sender) only for a frame that opened, or an authenticated duplicate of one it accepted.
        if (!session.OnFrame(d, 0, len)) Drop();
    }

    // Only the receive loop sends UTACKs (one datagram at a time), so one scratch buffer serves all.
    private void SendUtack(byte[] frame, IPEndPoint to, byte[]? macKey)
    {
        int n = Utack.Write(_utack, 0, (byte)FrameHeader.ReadType(frame, 0), FrameHeader.ReadSeq(frame, 0), macKey);
        SendRaw(_utack, n, to);
    }

    private void SendRaw(byte[] datagram, int length, IPEndPoint to)
    {
        try { _socket!.SendTo(datagram, 0, length, SocketFlags.None, to); }
        catch (SocketException e) { _log.LogDebug("send to {Peer} failed: {Error}", to, e.SocketErrorCode); }
        catch (ObjectDisposedException) { }
    }

    private void FailHandshake(UdpStream stream, HandshakeRefusedException e)
    {
        stream.Handshake?.Abort(e.Reason);
        stream.Sender.Close();
        if (!RemoveHandshake(stream)) return; // already failed (ARQ give-up and janitor can race)
        if (!e.CountsAsFailure)
        {
            _refusals.Info("handshake dropped udp peer={Peer} reason={Reason}: {Detail} (not counted)", stream.Peer, e.Reason, e.Message);
            return;
        }
        Interlocked.Increment(ref _handshakesFailed);
        TimeSpan lockout = _limiter.RecordFailure(stream.Peer.Address);
        _refusals.Warn("handshake refused udp peer={Peer} reason={Reason} lockout_s={Lockout}: {Detail}",
            stream.Peer, e.Reason, lockout.TotalSeconds, e.Message);
    }

    private bool RemoveHandshake(UdpStream stream)
    {
        lock (_sync)
        {
            if (!_handshakes.TryGetValue(stream.Peer, out var cur) || cur != stream) return false;
            _handshakes.Remove(stream.Peer);
        }
        stream.Slot?.Dispose();
        return true;
    }

    // The ARQ of this stream gave up (§8: all attempts failed): a handshake fails, a session ends.
    private void OnStreamGaveUp(UdpStream stream, string reason)
    {
        if (stream.Session is { } session) { session.Close(reason); return; }
        if (stream.Handshake is { State: not ServerHandshakeState.Failed })
            FailHandshake(stream, new HandshakeRefusedException(RefusalReason.Timeout, reason));
    }

    // Handshake streams older than handshake_timeout are failed (timeouts count, §9).
    private async Task JanitorLoopAsync()
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_options.HandshakeTimeout.TotalMilliseconds / 4, 20, 1000));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                long now = _clock.NowMilliseconds;
                List<UdpStream> expired;
                lock (_sync) expired = _handshakes.Values.Where(s => now - s.StartedMs > _options.HandshakeTimeout.TotalMilliseconds).ToList();
                foreach (var s in expired)
                    FailHandshake(s, new HandshakeRefusedException(RefusalReason.Timeout, "handshake_timeout elapsed"));
                _admission.Prune();
            }
        }
        catch (OperationCanceledException) { }
    }

    private void Drop() => Interlocked.Increment(ref _dropped);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _watchdog.CloseAll("gateway stopping");
        _socket?.Close();
        if (_receiveLoop != null) await _receiveLoop;
        if (_janitor != null) await _janitor;
        await _watchdog.DisposeAsync();
        _refusals.Dispose();
        _decoy.Dispose();
        _admission.Dispose();
    }
}
