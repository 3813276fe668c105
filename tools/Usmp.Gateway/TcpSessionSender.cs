// The TCP outbound half: frames are queued in order and written by one pump per connection. The
// pump starts inline in Enqueue when it is idle, so a frame usually goes out in the caller's own
// send() (a non-blocking socket: it never waits under the session lock); only when the kernel's
// send buffer is full does the rest continue asynchronously. Frames queued meanwhile go out
// together in one send. FlushAsync completes when every frame queued before it has been written
// (at once when nothing is pending: no marker, no task allocation on the echo path).
//
// Bounded (issue 10 class 6): a peer that never reads used to have its frames (PONGs to its PINGs,
// answered inside the core) queued for ever. Now the sender fails, and the session closes, when
// more than maxQueuedBytes wait in the queue, or when a write has made no progress for
// stallTimeout (the gateway passes session_timeout: a peer that takes no byte for that long is as
// gone as one that sends none). The stall timer exists only while a send is actually pending.
using System.Net.Sockets;

namespace Usmp.Gateway;

internal sealed class TcpSessionSender : ISessionSender
{
    private readonly Socket _socket;
    private readonly Action _closeSocket;
    private readonly Action<string>? _onFail;
    private readonly int _maxQueuedBytes;
    private readonly TimeSpan _stallTimeout;
    private readonly object _sync = new();
    private readonly Queue<byte[]> _queue = new();
    private List<(long Target, TaskCompletionSource Done)>? _waiters;
    private long _queued, _written, _queuedBytes;
    private bool _pumping;
    private string? _closedReason;
    private byte[]? _batch;

    /// <param name="onFail">told the reason once when the sender fails by itself (write error, bound hit), before the socket closes.</param>
    public TcpSessionSender(Socket socket, Action closeSocket, int maxQueuedBytes = int.MaxValue, TimeSpan? stallTimeout = null, Action<string>? onFail = null)
    {
        _socket = socket;
        _closeSocket = closeSocket;
        _maxQueuedBytes = maxQueuedBytes;
        _stallTimeout = stallTimeout ?? Timeout.InfiniteTimeSpan;
        _onFail = onFail;
    }

    public string Transport => "tcp";

    public void SendUtack(byte[] utack, int offset, int length) { } // TCP has no UTACKs

    public void Enqueue(byte[] frame, uint epoch)
    {
        bool overflow;
        lock (_sync)
        {
            if (_closedReason != null) return;
            overflow = _queuedBytes + frame.Length > _maxQueuedBytes;
            if (!overflow)
            {
                _queue.Enqueue(frame);
                _queued++;
                _queuedBytes += frame.Length;
                if (_pumping) return;
                _pumping = true;
            }
        }
        if (overflow) Fail($"peer is not reading: more than {_maxQueuedBytes} bytes waiting to be sent");
        else _ = PumpAsync();
    }

    public Task FlushAsync(CancellationToken ct)
    {
        TaskCompletionSource done;
        lock (_sync)
        {
            if (_closedReason != null) return Task.FromException(new SessionClosedException(_closedReason));
            if (_written == _queued) return Task.CompletedTask;
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_waiters ??= new()).Add((_queued, done));
        }
        return ct.CanBeCanceled ? done.Task.WaitAsync(ct) : done.Task;
    }

    public void Close() => Fail("connection closed", byOwner: true);

    private async Task PumpAsync()
    {
        try
        {
            while (true)
            {
                ReadOnlyMemory<byte> data;
                int frames;
                lock (_sync)
                {
                    if (_closedReason != null || _queue.Count == 0) { _pumping = false; return; }
                    (data, frames) = TakeBatch();
                }
                while (data.Length > 0)
                {
                    ValueTask<int> send = _socket.SendAsync(data, SocketFlags.None);
                    int sent = send.IsCompleted ? send.Result : await WithStallTimeout(send);
                    data = data[sent..];
                }
                lock (_sync)
                {
                    _written += frames;
                    CompleteWaiters();
                }
            }
        }
        catch (Exception e)
        {
            lock (_sync) _pumping = false;
            Fail(e.Message.StartsWith("peer is not reading") ? e.Message : $"write failed: {e.Message}");
        }
    }

    // Only when the kernel's send buffer is full: the peer must take a byte within the stall timeout.
    private async Task<int> WithStallTimeout(ValueTask<int> send)
    {
        Task<int> pending = send.AsTask();
        try { return await pending.WaitAsync(_stallTimeout); }
        catch (TimeoutException)
        {
            _ = pending.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted); // fails once the socket closes
            throw new IOException($"peer is not reading: nothing written for {_stallTimeout.TotalSeconds:F1} s");
        }
    }

    // Under _sync: one frame as is, or every queued frame (up to the batch buffer) copied together.
    private (ReadOnlyMemory<byte>, int) TakeBatch()
    {
        byte[] first = _queue.Dequeue();
        _queuedBytes -= first.Length;
        if (_queue.Count == 0) return (first, 1);
        _batch ??= new byte[8 * UsmpConstants.MaxFrame];
        first.CopyTo(_batch, 0);
        int length = first.Length, frames = 1;
        while (_queue.TryPeek(out byte[]? next) && length + next.Length <= _batch.Length)
        {
            _queue.Dequeue();
            _queuedBytes -= next.Length;
            next.CopyTo(_batch, length);
            length += next.Length;
            frames++;
        }
        return (_batch.AsMemory(0, length), frames);
    }

    private void CompleteWaiters()
    {
        if (_waiters == null) return;
        for (int i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Target > _written) continue;
            _waiters[i].Done.TrySetResult();
            _waiters.RemoveAt(i);
        }
    }

    // Closes once: pending and later flushes fail, queued frames are dropped, the socket closes.
    // A failure of the sender's own (not the owner's Close) is reported to onFail first.
    private void Fail(string reason, bool byOwner = false)
    {
        List<(long, TaskCompletionSource Done)>? waiters;
        lock (_sync)
        {
            if (_closedReason != null) return;
            _closedReason = reason;
            _queue.Clear();
            _queuedBytes = 0;
            waiters = _waiters;
            _waiters = null;
        }
        if (waiters != null) foreach (var w in waiters) w.Done.TrySetException(new SessionClosedException(reason));
        if (!byOwner) _onFail?.Invoke(reason);
        _closeSocket();
    }
}
