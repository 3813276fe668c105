// Reading whole frames from a TCP stream (spec §1): 12 header bytes, magic and declared length
// checked BEFORE the payload is read (so an oversize length never makes us wait or allocate),
// then exactly `length` payload bytes. The gateway reads through TcpFrameReader (one 1,968-byte
// buffer per connection); ReadFrameAsync over a Stream stays for other callers.
using System.Net.Sockets;

namespace Usmp.Gateway;

internal static class TcpFraming
{
    /// <summary>Reads one frame into buffer[0..]. Returns its length, 0 on a clean close at a frame
    /// boundary, or a negative value for a bad prefix (-1 bad magic, -2 oversize length).
    /// A close in the middle of a frame throws EndOfStreamException.</summary>
    public static async Task<int> ReadFrameAsync(Stream stream, byte[] buffer, CancellationToken ct)
    {
        int got = await stream.ReadAtLeastAsync(buffer.AsMemory(0, UsmpConstants.HeaderSize), UsmpConstants.HeaderSize, false, ct);
        if (got == 0) return 0;
        if (got < UsmpConstants.HeaderSize) throw new EndOfStreamException("connection closed inside a frame header");
        FrameStatus prefix = FrameHeader.CheckPrefix(buffer, 0);
        if (prefix == FrameStatus.BadMagic) return -1;
        if (prefix == FrameStatus.BadLength) return -2;
        int payload = FrameHeader.ReadLength(buffer, 0);
        await stream.ReadExactlyAsync(buffer.AsMemory(UsmpConstants.HeaderSize, payload), ct);
        return UsmpConstants.HeaderSize + payload;
    }

    public static string DescribeBadPrefix(int code) => code == -1 ? "bad magic" : "declared length > 480";
}

/// <summary>Whole frames from a connected TCP socket through one small per-connection buffer:
/// a receive takes whatever the kernel has (often several frames, or a header with its payload),
/// so a frame costs at most one recv syscall instead of two. Same rules as ReadFrameAsync: magic
/// and declared length are checked before waiting for the payload; 0 = clean close at a frame
/// boundary; -1 / -2 = bad prefix; a close inside a frame throws EndOfStreamException.
/// The frame returned stays valid in Buffer until the next call.</summary>
internal sealed class TcpFrameReader(Socket socket)
{
    private const int Capacity = 4 * UsmpConstants.MaxFrame;
    private readonly byte[] _buffer = new byte[Capacity];
    private int _start, _end;

    public byte[] Buffer => _buffer;
    /// <summary>Where the last frame returned starts in Buffer.</summary>
    public int FrameOffset { get; private set; }

    public async ValueTask<int> ReadFrameAsync(CancellationToken ct)
    {
        while (_end - _start < UsmpConstants.HeaderSize)
        {
            if (!await FillAsync(ct))
            {
                if (_end == _start) return 0;
                throw new EndOfStreamException("connection closed inside a frame header");
            }
        }
        FrameStatus prefix = FrameHeader.CheckPrefix(_buffer, _start);
        if (prefix == FrameStatus.BadMagic) return -1;
        if (prefix == FrameStatus.BadLength) return -2;
        int total = UsmpConstants.HeaderSize + FrameHeader.ReadLength(_buffer, _start);
        while (_end - _start < total)
        {
            if (!await FillAsync(ct)) throw new EndOfStreamException("connection closed inside a frame");
        }
        FrameOffset = _start;
        _start += total;
        return total;
    }

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        if (_start == _end) _start = _end = 0;
        else if (Capacity - _end < UsmpConstants.MaxFrame)
        {
            System.Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start); // keep the partial frame, drop consumed ones
            _end -= _start;
            _start = 0;
        }
        int n = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct);
        if (n == 0) return false;
        _end += n;
        return true;
    }
}
