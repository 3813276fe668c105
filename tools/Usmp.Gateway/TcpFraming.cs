// Reading whole frames from a TCP socket (spec §1) through the device's own reader
// (firmware/Usmp/Transport/TcpFrameReader.cs, one 1,968-byte buffer per connection): a receive
// takes whatever the kernel has, straight into the reader's buffer (often several frames, or a
// header with its payload), so a frame costs at most one recv syscall; magic and declared length
// are checked as soon as 12 bytes are there, before waiting for the payload; the frame is handed
// back where it lies (Buffer, FrameOffset) and opened from there.
using System.Net.Sockets;

namespace Usmp.Gateway;

internal static class TcpFraming
{
    public static string DescribeBadPrefix(int code) => code == TcpFrameReader.BadMagic ? "bad magic" : "declared length > 480";
}

/// <summary>Whole frames from a connected TCP socket. ReadFrameAsync returns the frame length (the
/// frame is Buffer[FrameOffset..], valid until the next call), 0 on a clean close at a frame
/// boundary, or TcpFrameReader.BadMagic / BadLength (negative) for a bad prefix; a close inside a
/// frame throws EndOfStreamException.</summary>
internal sealed class SocketFrameReader(Socket socket)
{
    private readonly TcpFrameReader _frames = new(4 * UsmpConstants.MaxFrame);

    public byte[] Buffer => _frames.Buffer;

    /// <summary>Where the last frame returned starts in Buffer.</summary>
    public int FrameOffset { get; private set; }

    public async ValueTask<int> ReadFrameAsync(CancellationToken ct)
    {
        while (true)
        {
            int length = _frames.NextFrame(out int offset);
            if (length != TcpFrameReader.NeedMore)
            {
                FrameOffset = offset;
                return length;
            }
            int at = _frames.MakeRoom();
            int n = await socket.ReceiveAsync(_frames.Buffer.AsMemory(at), SocketFlags.None, ct);
            if (n == 0)
            {
                if (!_frames.IsMidFrame) return 0;
                throw new EndOfStreamException("connection closed inside a frame");
            }
            _frames.Received(n);
        }
    }
}
