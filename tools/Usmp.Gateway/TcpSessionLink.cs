// The TCP outbound half: one writer task per connection drains a queue of sealed frames to the
// stream in order. FlushAsync puts a marker in the same queue and waits for the writer to pass it.
using System.Threading.Channels;

namespace Usmp.Gateway;

internal sealed class TcpSessionLink : ISessionLink
{
    private readonly Stream _stream;
    private readonly Action _closeSocket;
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private volatile bool _closed;

    public TcpSessionLink(Stream stream, Action closeSocket)
    {
        _stream = stream;
        _closeSocket = closeSocket;
        _writer = Task.Run(WriteLoopAsync);
    }

    public string Transport => "tcp";

    public void Enqueue(byte[] frame, byte[]? utackKey)
    {
        if (utackKey != null) Array.Clear(utackKey); // TCP has no UTACKs
        if (!_closed) _queue.Writer.TryWrite(frame);
    }

    public Task FlushAsync(CancellationToken ct)
    {
        if (_closed) return Task.FromException(new SessionClosedException("connection closed"));
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(marker)) return Task.FromException(new SessionClosedException("connection closed"));
        return marker.Task.WaitAsync(ct);
    }

    public void Close()
    {
        if (_closed) return;
        _closed = true;
        _queue.Writer.TryComplete();
        _closeSocket();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (object item in _queue.Reader.ReadAllAsync())
            {
                if (item is byte[] frame) await _stream.WriteAsync(frame);
                else ((TaskCompletionSource)item).TrySetResult();
            }
        }
        catch (Exception e)
        {
            _closed = true;
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out object? item))
                (item as TaskCompletionSource)?.TrySetException(new SessionClosedException($"write failed: {e.Message}"));
            _closeSocket();
        }
        // Anything left after a close (markers queued before Close) fails rather than hangs.
        while (_queue.Reader.TryRead(out object? rest))
            (rest as TaskCompletionSource)?.TrySetException(new SessionClosedException("connection closed"));
    }
}
