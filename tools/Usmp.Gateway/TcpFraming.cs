// Reading whole frames from a TCP stream (spec §1): 12 header bytes, magic and declared length
// checked BEFORE the payload is read (so an oversize length never makes us wait or allocate),
// then exactly `length` payload bytes. One 492-byte buffer per connection.
namespace Usmp.Gateway;

internal static class TcpFraming
{
    /// <summary>Reads one frame into buffer[0..]. Returns its length, 0 on a clean close at a frame
    /// boundary, or a negative value for a bad prefix (-1 bad magic, -2 oversize length).
    /// A close in the middle of a frame throws EndOfStreamException.</summary>
    public static async Task<int> ReadFrameAsync(Stream stream, byte[] buffer, CancellationToken ct)
    {
        int got = await stream.ReadAtLeastAsync(buffer.AsMemory(0, WireFrame.HeaderSize), WireFrame.HeaderSize, false, ct);
        if (got == 0) return 0;
        if (got < WireFrame.HeaderSize) throw new EndOfStreamException("connection closed inside a frame header");
        FrameCheck prefix = WireFrame.CheckHeaderPrefix(buffer, 0);
        if (prefix == FrameCheck.BadMagic) return -1;
        if (prefix == FrameCheck.BadLength) return -2;
        int payload = WireFrame.LengthOf(buffer, 0);
        await stream.ReadExactlyAsync(buffer.AsMemory(WireFrame.HeaderSize, payload), ct);
        return WireFrame.HeaderSize + payload;
    }

    public static string DescribeBadPrefix(int code) => code == -1 ? "bad magic" : "declared length > 480";
}
