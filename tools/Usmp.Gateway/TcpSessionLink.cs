// The TCP outbound half: frames are queued in order and written by one pump per connection. The
// pump starts inline in Enqueue when it is idle, so a frame usually goes out in the caller's own
// send() (a non-blocking socket: it never waits under the session lock); only when the kernel's
// send buffer is full does the rest continue asynchronously. Frames queued meanwhile go out
// together in one send. FlushAsync completes when every frame queued before it has been written
// (at once when nothing is pending: no marker, no task allocation on the echo path).
using System.Net.Sockets;

namespace Usmp.Gateway;

internal sealed class TcpSessionLink : ISessionLink
{
    private readonly Socket _socket;
    private readonly Action _closeSocket;
    private readonly object _sync = new();
    private readonly Queue<byte[]> _queue = new();
    private List<(long Target, TaskCompletionSource Done)>? _waiters;
    private long _queued, _written;
    private bool _pumping;
    private string? _closedReason;
    private byte[]? _batch;

    public TcpSessionLink(Socket socket, Action closeSocket)
    {
        _socket = socket;
        _closeSocket = closeSocket;
    }

    public string Transport => "tcp";

    public void SendUtack(byte[] utack, int offset, int length) { } // TCP has no UTACKs

    public void Enqueue(byte[] frame, uint epoch)
    {
        lock (_sync)
        {
            if (_closedReason != null) return;
            _queue.Enqueue(frame);
            _queued++;
            if (_pumping) return;
            _pumping = true;
        }
        _ = PumpAsync();
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

    public void Close() => Fail("connection closed");

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
                    int sent = await _socket.SendAsync(data, SocketFlags.None);
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
            Fail($"write failed: {e.Message}");
        }
    }

    // Under _sync: one frame as is, or every queued frame (up to the batch buffer) copied together.
    private (ReadOnlyMemory<byte>, int) TakeBatch()
    {
        byte[] first = _queue.Dequeue();
        if (_queue.Count == 0) return (first, 1);
        _batch ??= new byte[8 * WireFrame.MaxFrame];
        first.CopyTo(_batch, 0);
        int length = first.Length, frames = 1;
        while (_queue.TryPeek(out byte[]? next) && length + next.Length <= _batch.Length)
        {
            _queue.Dequeue();
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
    private void Fail(string reason)
    {
        List<(long, TaskCompletionSource Done)>? waiters;
        lock (_sync)
        {
            if (_closedReason != null) return;
            _closedReason = reason;
            _queue.Clear();
            waiters = _waiters;
            _waiters = null;
        }
        if (waiters != null) foreach (var w in waiters) w.Done.TrySetException(new SessionClosedException(reason));
        _closeSocket();
    }
}
