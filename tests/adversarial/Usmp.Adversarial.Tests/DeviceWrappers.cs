// Wrappers around the real client's UDP link and transport, for the receipt and reassembly attacks:
//   RecordingLink: every UTACK the device sent or received, in order (what receipts it gave and got);
//   SkippingTransport: a sender that "loses" chosen frames of its own and carries on, as a
//     reference peer does after its ARQ gave up on a frame (spec §8: OSError, the seq stays burned):
//     the receiver then sees a gap inside or before a message.
using System.Buffers.Binary;
using Usmp;

namespace Usmp.Adversarial.Tests;

public sealed class RecordingLink(IDatagramLink inner) : IDatagramLink
{
    public sealed record Utack(bool Sent, byte Type, uint Seq, int Length);

    private readonly List<Utack> _utacks = new();

    public List<Utack> Utacks { get { lock (_utacks) return _utacks.ToList(); } }

    public void Open() => inner.Open();
    public void Close() => inner.Close();

    public void Send(byte[] buffer, int offset, int count)
    {
        Record(true, buffer, offset, count);
        inner.Send(buffer, offset, count);
    }

    public int Receive(byte[] buffer, int offset, int count, int timeoutMs)
    {
        int n = inner.Receive(buffer, offset, count, timeoutMs);
        if (n > 0) Record(false, buffer, offset, n);
        return n;
    }

    private void Record(bool sent, byte[] b, int offset, int count)
    {
        if ((count != 7 && count != 15) || b[offset] != 0xAC || b[offset + 1] != 0xAC) return;
        lock (_utacks) _utacks.Add(new Utack(sent, b[offset + 2], BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(offset + 3)), count));
    }
}
