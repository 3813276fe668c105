// The UDP outbound half of one (ip, port) stream: stop-and-wait ARQ (spec §8). Every frame waits
// for the UTACK that matches (type, seq), for session frames with a MAC that verifies under the tx
// key of the key epoch it was sealed under (the session checks it: this sender holds no key), before
// the next one goes; a sender never moves on without an authenticated receipt. Attempt n waits
// clamp(RTO * 2^n, 50 ms, 5 s); the RTO adapts (Jacobson/Karn, samples from first attempts only:
// Usmp.Rto). After the last attempt the stream fails (onGiveUp). One async sender per stream; no
// thread blocks. The session's own UTACKs (for frames it accepted) leave at once, outside the ARQ.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Usmp;

namespace Usmp.Gateway;

internal sealed class UdpArqSender : ISessionSender
{
    private sealed record Outgoing(byte[] Frame, uint Epoch);

    private readonly Socket _socket;
    private readonly IPEndPoint _peer;
    private readonly int _attempts;
    private readonly Action<string> _onGiveUp;
    private readonly Rto _rto = new();
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _ackSync = new();
    private Outgoing? _pending;
    private TaskCompletionSource? _acked;
    private volatile bool _closed;

    public UdpArqSender(Socket socket, IPEndPoint peer, int attempts, Action<string> onGiveUp)
    {
        _socket = socket;
        _peer = peer;
        _attempts = attempts;
        _onGiveUp = onGiveUp;
        _ = Task.Run(SendLoopAsync);
    }

    public string Transport => "udp";
    public long Retransmissions;
    public long RtoMicros => _rto.RtoMicros;

    /// <summary>The established session, which checks session-phase UTACKs; set before SESSION_OK is queued.</summary>
    public GatewaySession? Session { get; set; }

    public void Enqueue(byte[] frame, uint epoch)
    {
        if (!_closed) _queue.Writer.TryWrite(new Outgoing(frame, epoch));
    }

    public void SendUtack(byte[] utack, int offset, int length)
    {
        if (_closed) return;
        try { _socket.SendTo(utack, offset, length, SocketFlags.None, _peer); }
        catch (SocketException) { /* a lost UTACK: the peer's ARQ resends and we acknowledge the duplicate */ }
        catch (ObjectDisposedException) { }
    }

    public Task FlushAsync(CancellationToken ct)
    {
        if (_closed) return Task.FromException(new SessionClosedException("stream closed"));
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(marker)) return Task.FromException(new SessionClosedException("stream closed"));
        return marker.Task.WaitAsync(ct);
    }

    /// <summary>A UTACK datagram from this peer: completes the pending frame when it matches (§8).</summary>
    public void OnUtack(byte[] datagram, int length)
    {
        Outgoing? pending;
        TaskCompletionSource? acked;
        lock (_ackSync) { pending = _pending; acked = _acked; }
        if (pending == null || acked == null) return;
        byte type = (byte)FrameHeader.ReadType(pending.Frame, 0);
        uint seq = FrameHeader.ReadSeq(pending.Frame, 0);
        // Handshake frames (CHALLENGE, SESSION_OK): plain UTACKs. Session frames: the session checks the
        // MAC with the tx key of the epoch that sealed the frame (outside our lock: it takes its own).
        var session = Session;
        bool matches = PacketTypes.IsHandshake(type) || session == null
            ? Utack.Matches(datagram, 0, length, type, seq, null)
            : session.UtackMatches(datagram, length, type, seq, pending.Epoch);
        if (!matches) return;
        lock (_ackSync) { if (ReferenceEquals(_pending, pending)) acked.TrySetResult(); }
    }

    public void Close()
    {
        if (_closed) return;
        _closed = true;
        _queue.Writer.TryComplete();
        lock (_ackSync) _acked?.TrySetCanceled();
    }

    private async Task SendLoopAsync()
    {
        await foreach (object item in _queue.Reader.ReadAllAsync())
        {
            if (item is TaskCompletionSource marker)
            {
                if (_closed) marker.TrySetException(new SessionClosedException("stream closed"));
                else marker.TrySetResult();
                continue;
            }
            var frame = (Outgoing)item;
            bool delivered = !_closed && await SendReliablyAsync(frame);
            if (!delivered && !_closed)
            {
                Close();
                _onGiveUp($"ARQ: no UTACK for {PacketTypes.Name((byte)FrameHeader.ReadType(frame.Frame, 0))} seq {FrameHeader.ReadSeq(frame.Frame, 0)} after {_attempts} attempts");
            }
        }
    }

    private async Task<bool> SendReliablyAsync(Outgoing frame)
    {
        var acked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_ackSync) { _pending = frame; _acked = acked; }
        try
        {
            for (int attempt = 0; attempt < _attempts && !_closed; attempt++)
            {
                long t0 = Stopwatch.GetTimestamp();
                try { await _socket.SendToAsync(frame.Frame, SocketFlags.None, _peer); }
                catch (SocketException) { /* counts as a lost attempt */ }
                catch (ObjectDisposedException) { return false; }
                if (attempt > 0) Interlocked.Increment(ref Retransmissions);
                int wait = _rto.AttemptWaitMillis(attempt);
                try
                {
                    await acked.Task.WaitAsync(TimeSpan.FromMilliseconds(wait));
                    if (attempt == 0) _rto.Sample((long)Stopwatch.GetElapsedTime(t0).TotalMicroseconds); // Karn
                    return true;
                }
                catch (TimeoutException) { }
                catch (TaskCanceledException) { return false; }
            }
            return false;
        }
        finally
        {
            lock (_ackSync) { _pending = null; _acked = null; }
        }
    }
}
