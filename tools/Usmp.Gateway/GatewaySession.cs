// What a handler sees of one established session (Python USMPSession, §10): DeviceId
// "aa:bb:cc:dd:ee:ff", SessionId (32 hex chars), SendAsync (<= 1808 bytes, §7), ReceiveAsync with
// a timeout, PingAsync, RekeyAsync, ByeAsync. Inbound frames arrive from the transport through
// OnFrame; outbound frames leave through an ISessionSender. Every call into the Protocol core is
// under one lock, so queue order is seq order.
using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Usmp;

namespace Usmp.Gateway;

public sealed class GatewaySession
{
    private readonly object _sync = new();
    private readonly CoreSession _core;
    private readonly ISessionSender _sender;
    private readonly ILogger _log;
    private readonly Channel<byte[]> _inbound;
    private readonly CancellationTokenSource _closedCts = new();
    private readonly LinkSink _sink;
    private TaskCompletionSource<bool>? _pong;
    private string? _closeReason;
    private long _lastAuthenticatedMs;
    private readonly int _rekeyAfterMessages;
    private int _sentUnderKeys;

    internal GatewaySession(SessionKeys keys, string deviceId, bool datagram, ISessionSender sender,
        GatewayOptions options, ILogger log, IPEndPoint remote, IClock clock)
    {
        DeviceId = deviceId;
        SessionId = ServerHandshake.SessionIdText(keys.SessionId);
        Remote = remote;
        _sender = sender;
        _log = log;
        Clock = clock;
        _core = new CoreSession(keys, datagram, clock);
        _sink = new LinkSink(this);
        // TCP: the reader waits for room (backpressure). UDP: a full queue drops (no blocking the socket loop).
        _inbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.InboundQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, SingleReader = false, SingleWriter = true,
        });
        _lastAuthenticatedMs = clock.NowMilliseconds;
        _rekeyAfterMessages = options.RekeyAfterMessages;
        Started = DateTimeOffset.UtcNow;
    }

    public string DeviceId { get; }
    public string SessionId { get; }
    public IPEndPoint Remote { get; }
    public string Transport => _sender.Transport;
    public DateTimeOffset Started { get; }
    public bool IsOpen => _closeReason == null;
    public string? CloseReason => _closeReason;
    public CancellationToken Closed => _closedCts.Token;
    public long MessagesIn { get; private set; }
    public long MessagesOut { get; private set; }
    /// <summary>REKEYs this gateway started (RekeyAsync and GatewayOptions.RekeyAfterMessages).</summary>
    public long RekeysStarted { get; private set; }
    internal IClock Clock { get; }
    internal long LastAuthenticatedMs => Interlocked.Read(ref _lastAuthenticatedMs);
    internal event Action<GatewaySession, string>? Ended;

    /// <summary>Sends one message (0..1808 bytes), fragmented by the core (§7); completes once written (TCP) or acknowledged (UDP).</summary>
    public async Task SendAsync(byte[] data, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        RunCore(() =>
        {
            // One lock for both: the REKEY frame is queued right before the message it precedes.
            if (_rekeyAfterMessages > 0 && _sentUnderKeys >= _rekeyAfterMessages) StartRekey();
            _core.Send(data, 0, data.Length, _sink);
            _sentUnderKeys++;
        }, "send");
        MessagesOut++;
        await FlushAsync(ct);
    }

    /// <summary>The next message. Throws GatewayTimeoutException after timeout, SessionClosedException once closed.</summary>
    public async Task<byte[]> ReceiveAsync(TimeSpan? timeout = null, CancellationToken ct = default)
    {
        if (timeout == null)
        {
            // No timeout: no linked token source (and its registration) per message.
            if (_inbound.Reader.TryRead(out byte[]? ready)) return ready;
            try { return await _inbound.Reader.ReadAsync(ct); }
            catch (ChannelClosedException) { throw new SessionClosedException(_closeReason ?? "closed"); }
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout is { } t) cts.CancelAfter(t);
        try
        {
            return await _inbound.Reader.ReadAsync(cts.Token);
        }
        catch (ChannelClosedException) { throw new SessionClosedException(_closeReason ?? "closed"); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new GatewayTimeoutException("a message");
        }
    }

    /// <summary>Sends PING and waits for the PONG (answered inside the peer's recv, §7). Returns the round trip.</summary>
    public async Task<TimeSpan> PingAsync(TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var pong = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        long t0 = Environment.TickCount64;
        lock (_sync) _pong = pong;
        RunCore(() => _core.Ping(_sink), "ping");
        await FlushAsync(ct);
        try { await pong.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10), ct); }
        catch (TimeoutException) { throw new GatewayTimeoutException("PONG"); }
        return TimeSpan.FromMilliseconds(Environment.TickCount64 - t0);
    }

    /// <summary>Starts a REKEY as initiator (§7): new keys both ways, seqs reset to 0.</summary>
    public async Task RekeyAsync(CancellationToken ct = default)
    {
        RunCore(StartRekey, "rekey");
        await FlushAsync(ct);
    }

    // Under the session lock (RunCore).
    private void StartRekey()
    {
        _core.Rekey(_sink);
        _sentUnderKeys = 0;
        RekeysStarted++;
    }

    /// <summary>Sends BYE once (failures ignored, like Python bye()) and closes the session.</summary>
    public async Task ByeAsync(CancellationToken ct = default)
    {
        if (!IsOpen) return;
        try
        {
            lock (_sync) { if (_core.IsOpen) _core.Bye(_sink); }
            await _sender.FlushAsync(ct).WaitAsync(TimeSpan.FromSeconds(5), ct);
        }
        catch (Exception) { /* courtesy BYE: a failed write changes nothing */ }
        Close("local BYE");
    }

    /// <summary>Transport entry: one whole inbound frame. Returns true when it was accepted. Over UDP the
    /// core sends the frame's UTACK through the sender once it authenticated (never before, §8).</summary>
    internal bool OnFrame(byte[] frame, int offset, int length)
    {
        SessionEvent ev;
        byte[]? message = null;
        lock (_sync)
        {
            if (!IsOpen) return false;
            try
            {
                ev = _core.Accept(frame, offset, length, _sink);
            }
            catch (UsmpException e)
            {
                // TCP (§4): a bad frame ends the session. Logged once, never with a stack trace.
                Close($"{e.GetType().Name}: {e.Message}");
                return false;
            }
            if (ev == SessionEvent.Dropped) return false;
            Interlocked.Exchange(ref _lastAuthenticatedMs, Clock.NowMilliseconds);
            if (ev == SessionEvent.Message) message = _core.MessageBuffer.AsSpan(0, _core.MessageLength).ToArray();
            if (ev == SessionEvent.Pong) { _pong?.TrySetResult(true); _pong = null; }
        }
        if (message != null) Deliver(message);
        if (ev == SessionEvent.Closed) Close("peer BYE");
        return true;
    }

    /// <summary>TCP: waits for the handler to make room (backpressure); the reader loop awaits this.</summary>
    internal async Task WaitForRoomAsync(CancellationToken ct)
    {
        try { await _inbound.Writer.WaitToWriteAsync(ct); }
        catch (ChannelClosedException) { }
    }

    /// <summary>UDP (§8): a UTACK for our frame (type, seq) sealed under key epoch `epoch`, its MAC checked
    /// with that epoch's tx key (the UDP sender asks; it keeps no key). False once the session is closed.</summary>
    internal bool UtackMatches(byte[] datagram, int length, byte type, uint seq, uint epoch)
    {
        lock (_sync) return IsOpen && _core.UtackMatches(datagram, length, type, seq, epoch);
    }

    /// <summary>Housekeeping from the watchdog: ends a REKEY grace on time without traffic.</summary>
    internal void Tick()
    {
        lock (_sync) { if (IsOpen) _core.Tick(); }
    }

    /// <summary>Ends the session once: logs the reason, closes the sender, wipes the keys, wakes every waiter.</summary>
    public void Close(string reason)
    {
        lock (_sync)
        {
            if (_closeReason != null) return;
            _closeReason = reason;
            _core.Close();
            _pong?.TrySetException(new SessionClosedException(reason));
        }
        _inbound.Writer.TryComplete();
        _sender.Close();
        try { _closedCts.Cancel(); } catch (ObjectDisposedException) { }
        if (_log.IsEnabled(LogLevel.Information))
            _log.LogInformation("session end {Transport} device={Device} session={Session} peer={Peer} reason=\"{Reason}\" in={In} out={Out}",
            Transport, DeviceId, SessionId, Remote, reason, MessagesIn, MessagesOut);
        Ended?.Invoke(this, reason);
    }

    private void Deliver(byte[] message)
    {
        MessagesIn++;
        if (!_inbound.Writer.TryWrite(message))
            _log.LogWarning("session {Session}: handler is not reading; message of {Len} bytes dropped", SessionId, message.Length);
    }

    private void RunCore(Action action, string what)
    {
        lock (_sync)
        {
            if (!IsOpen) throw new SessionClosedException(_closeReason!);
            try { action(); }
            catch (PayloadException) { throw; }   // caller error (message too large): the session stays open
            catch (UsmpException e) { CloseInsideLock(e, what); throw new SessionClosedException(_closeReason!); }
        }
    }

    private void CloseInsideLock(Exception e, string what)
    {
        // Close takes the lock again (re-entrant Monitor) and runs the side effects.
        Close($"{what} failed: {e.GetType().Name}: {e.Message}");
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try { await _sender.FlushAsync(ct); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception e) when (e is not SessionClosedException)
        {
            Close($"sender failed: {e.GetType().Name}: {e.Message}");
            throw new SessionClosedException(_closeReason!);
        }
    }

    /// <summary>The core's sink (always called under the session lock): copies each sealed frame into the
    /// sender's queue (never blocks), and sends the UTACKs the core decided on (UDP, §8).</summary>
    private sealed class LinkSink(GatewaySession owner) : IFrameSink, IUtackSink
    {
        public void SendFrame(byte[] buffer, int offset, int length)
        {
            // The peer MACs its UTACK for this frame with its rx key = our tx key of the epoch that sealed it (§8).
            owner._sender.Enqueue(buffer.AsSpan(offset, length).ToArray(), owner._core.TxEpoch);
        }

        public void SendUtack(byte[] utack, int offset, int length) => owner._sender.SendUtack(utack, offset, length);
    }
}
