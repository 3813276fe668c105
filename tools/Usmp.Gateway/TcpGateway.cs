// The USMP gateway over TCP: an async accept loop, then per connection an async handshake, then a
// reader loop feeding the session and the handler running beside it. No thread per connection:
// everything is async on the thread pool.
// The handshake in three phases (issue 10 class 4; the reference takes a slot first and counts the
// wait for it against the handshake_timeout, so idle connections held every slot and a device's
// time in the queue became its own failure, then its lockout):
//   1. the HELLO, within handshake_timeout of the accept, holding no slot (idle peers hold none);
//   2. a slot (HandshakeSlots: shared fairly between IPs, a stalled handshake evicted for a less
//      busy IP), waited for at most handshake_timeout; giving up here is not a failure;
//   3. the handshake proper, its handshake_timeout starting with the slot.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Usmp;

namespace Usmp.Gateway;

public sealed class TcpGateway : GatewayBase, IAsyncDisposable
{
    private readonly HandshakeSlots _handshakeSlots;
    private TcpListener? _listener;
    private Task? _acceptLoop;

    public TcpGateway(GatewayOptions options, PskStore psks, ISessionHandler? handler = null, ILogger? log = null)
        : base(options, psks, handler, log)
    {
        _handshakeSlots = new HandshakeSlots(options.MaxConcurrentHandshakes, options.MaxConcurrentHandshakes, options.HandshakeStallGrace);
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)(_listener?.LocalEndpoint ?? throw new InvalidOperationException("not started"));
    public HandshakeSlots HandshakeSlots => _handshakeSlots;
    public int ActiveConnections => _limits.Total;

    /// <summary>Binds and starts accepting. Port 0 picks a free port (see LocalEndPoint).</summary>
    public void Start(IPAddress bind, int port)
    {
        _listener = new TcpListener(bind, port);
        _listener.Start(512);
        _acceptLoop = Task.Run(AcceptLoopAsync);
        _log.LogInformation("gateway listening tcp {Endpoint}", LocalEndPoint);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener!.AcceptSocketAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e) { _log.LogWarning("accept failed: {Error}", e.SocketErrorCode); continue; }
            _ = Task.Run(() => ServeConnectionAsync(socket));
        }
    }

    private async Task ServeConnectionAsync(Socket socket)
    {
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        socket.NoDelay = true;
        if (_options.TcpSendBufferBytes > 0) socket.SendBufferSize = _options.TcpSendBufferBytes;
        ConnectionLimits.Ticket? ticket = null;
        RefusalReason? refused = _limiter.IsLockedOut(remote.Address) ? RefusalReason.LockedOut : _limits.Admit(remote.Address, out ticket);
        if (refused != null)
        {
            _refusals.Warn("refused tcp peer={Peer} reason={Reason}", remote, refused);
            socket.Close();
            return;
        }
        try
        {
            var reader = new SocketFrameReader(socket);
            var keys = await HandshakeAsync(socket, reader, remote, ticket!);
            if (keys is { } established)
            {
                if (_limits.Authenticated(ticket!))   // from now on never evicted (ConnectionLimits)
                    await RunSessionAsync(reader, socket, remote, established);
                else established.Keys.Wipe();        // evicted in the instant it finished: its place is gone
            }
        }
        catch (Exception e)
        {
            _log.LogWarning("connection {Peer} ended: {Error}", remote, e.Message);
        }
        finally
        {
            socket.Close();
            _limits.Release(ticket!);
        }
    }

    /// <summary>§3 server steps over one stream. Returns the keys, or null when refused (logged once).</summary>
    /// <remarks>An unauthenticated connection may be evicted for a newcomer when every connection is
    /// taken (ConnectionLimits): ticket.Evicted ends whichever phase it is in, not counted.</remarks>
    private async Task<(SessionKeys Keys, string Device)?> HandshakeAsync(Socket socket, SocketFrameReader reader, IPEndPoint remote,
        ConnectionLimits.Ticket ticket)
    {
        using var hs = new ServerHandshake(_psks.Resolve, decoyPsk: _decoy.For);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, ticket.Evicted);
        HandshakeSlots.Lease? slot = null;
        try
        {
            int hello = await ReadHelloAsync(reader, ended.Token);                                      // phase 1
            slot = await _handshakeSlots.EnterAsync(remote.Address, _options.HandshakeTimeout, ended.Token); // phase 2
            if (slot == null)
            {
                _refusals.Info("handshake not started tcp peer={Peer}: no handshake slot within {Seconds:F1} s (not counted)",
                    remote, _options.HandshakeTimeout.TotalSeconds);
                return null;
            }
            return await RunHandshakeAsync(socket, reader, remote, hs, hello, slot, ended.Token);    // phase 3
        }
        catch (HandshakeRefusedException e) { Refuse(remote, e, hs); }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            var e = ticket.WasEvicted
                ? new HandshakeRefusedException(RefusalReason.Evicted, $"not authenticated {_options.HandshakeStallGrace.TotalSeconds:F1} s after connecting while every connection was taken")
                : slot is { WasEvicted: true }
                ? new HandshakeRefusedException(RefusalReason.Evicted, $"no HELLO_ACK {_options.HandshakeStallGrace.TotalSeconds:F1} s after its CHALLENGE while every slot was taken")
                : new HandshakeRefusedException(RefusalReason.Timeout, slot == null
                    ? $"no HELLO within {_options.HandshakeTimeout.TotalSeconds:F1} s of connecting"
                    : $"no complete handshake within {_options.HandshakeTimeout.TotalSeconds:F1} s of getting a slot");
            hs.Abort(e.Reason);
            Refuse(remote, e, hs);
        }
        catch (Exception e) when (e is IOException or SocketException or EndOfStreamException)
        {
            hs.Abort(RefusalReason.PeerClosed);
            Refuse(remote, new HandshakeRefusedException(RefusalReason.PeerClosed, e.Message), hs);
        }
        finally
        {
            slot?.Dispose();
        }
        return null;
    }

    // Phase 1: the HELLO frame's length (it stays in reader.Buffer), within handshake_timeout of the accept.
    private async Task<int> ReadHelloAsync(SocketFrameReader reader, CancellationToken ended)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ended);
        timeout.CancelAfter(_options.HandshakeTimeout);
        return await ReadHandshakeFrameAsync(reader, timeout.Token);
    }

    // Phase 3: CHALLENGE, HELLO_ACK, SESSION_OK within handshake_timeout of getting the slot; an
    // eviction cancels it like a timeout (the caller tells them apart).
    private async Task<(SessionKeys Keys, string Device)?> RunHandshakeAsync(Socket socket, SocketFrameReader reader, IPEndPoint remote,
        ServerHandshake hs, int helloLength, HandshakeSlots.Lease slot, CancellationToken ended)
    {
        long t0 = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ended, slot.Evicted);
        timeout.CancelAfter(_options.HandshakeTimeout);
        byte[] output = new byte[UsmpConstants.MaxFrame];
        hs.ConsumeHello(reader.Buffer, reader.FrameOffset, helloLength);
        int n = hs.CreateChallenge(output, 0);
        await SendAllAsync(socket, output.AsMemory(0, n), timeout.Token);
        n = await ReadHandshakeFrameAsync(reader, timeout.Token);
        hs.ConsumeHelloAck(reader.Buffer, reader.FrameOffset, n);
        n = hs.CreateSessionOk(output, 0);
        await SendAllAsync(socket, output.AsMemory(0, n), timeout.Token);
        string device = hs.DeviceIdText;
        var keys = hs.TakeKeys();
        _limiter.RecordSuccess(remote.Address);
        Interlocked.Increment(ref _handshakesOk);
        if (_log.IsEnabled(LogLevel.Information)) // the arguments are not even formatted when the level is off
            _log.LogInformation("handshake ok tcp device={Device} session={Session} peer={Peer} ms={Ms:F1}",
                device, ServerHandshake.SessionIdText(keys.SessionId), remote, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        return (keys, device);
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (data.Length > 0) data = data[await socket.SendAsync(data, SocketFlags.None, ct)..];
    }

    private static async ValueTask<int> ReadHandshakeFrameAsync(SocketFrameReader reader, CancellationToken ct)
    {
        int n = await reader.ReadFrameAsync(ct);
        if (n == 0) throw new HandshakeRefusedException(RefusalReason.PeerClosed, "peer closed during the handshake");
        if (n < 0) throw new HandshakeRefusedException(RefusalReason.MalformedFrame, TcpFraming.DescribeBadPrefix(n));
        return n;
    }

    private void Refuse(IPEndPoint remote, HandshakeRefusedException e, ServerHandshake hs)
    {
        string device = hs.State == ServerHandshakeState.Failed && e.Reason is RefusalReason.BadProof or RefusalReason.UnknownDevice ? $" device={hs.DeviceIdText}" : "";
        if (!e.CountsAsFailure)
        {
            _refusals.Info("handshake abandoned tcp peer={Peer}: {Detail} (not counted)", remote, e.Message);
            return;
        }
        Interlocked.Increment(ref _handshakesFailed);
        TimeSpan lockout = _limiter.RecordFailure(remote.Address);
        _refusals.Warn("handshake refused tcp peer={Peer}{Device} reason={Reason} lockout_s={Lockout}",
            remote, device, e.Reason, lockout.TotalSeconds);
    }

    private async Task RunSessionAsync(SocketFrameReader reader, Socket socket, IPEndPoint remote, (SessionKeys Keys, string Device) hs)
    {
        GatewaySession? session = null;
        // Bounded: a peer that never reads is disconnected, with the sender's reason as the session's (TcpSessionSender).
        var sender = new TcpSessionSender(socket, () => { try { socket.Shutdown(SocketShutdown.Both); } catch { } socket.Close(); },
            _options.TcpSendQueueBytes, _options.SessionTimeout, reason => session?.Close(reason));
        session = new GatewaySession(hs.Keys, hs.Device, datagram: false, sender, _options, _log, remote, _clock);
        _watchdog.Watch(session);
        var handler = Task.Run(() => _handler.HandleAsync(session, session.Closed));
        await ReadLoopAsync(reader, session);
        try { await handler.WaitAsync(TimeSpan.FromSeconds(30)); }
        catch (Exception e) when (e is not TimeoutException) { _log.LogWarning("handler for {Session} failed: {Error}", session.SessionId, e.Message); }
        catch (TimeoutException) { _log.LogWarning("handler for {Session} did not return after close", session.SessionId); }
        session.Close("handler returned");
    }

    private static async Task ReadLoopAsync(SocketFrameReader reader, GatewaySession session)
    {
        var ct = session.Closed;
        while (session.IsOpen)
        {
            int n;
            try
            {
                await session.WaitForRoomAsync(ct);
                n = await reader.ReadFrameAsync(ct);
            }
            catch (OperationCanceledException) { return; }
            catch (Exception e) when (e is IOException or SocketException or EndOfStreamException or ObjectDisposedException)
            {
                session.Close($"connection lost: {e.Message}");
                return;
            }
            if (n == 0) { session.Close("peer closed the connection"); return; }
            if (n < 0) { session.Close($"FrameException: {TcpFraming.DescribeBadPrefix(n)}"); return; }
            session.OnFrame(reader.Buffer, reader.FrameOffset, n);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener?.Stop();
        if (_acceptLoop != null) await _acceptLoop;
        _watchdog.CloseAll("gateway stopping");
        await _watchdog.DisposeAsync();
        _refusals.Dispose();
        _decoy.Dispose();
        _handshakeSlots.Dispose();
    }
}
