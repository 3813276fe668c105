// A sender that "loses" chosen frames of its own and carries on (see DeviceWrappers.cs): the
// frame is sealed (its seq burned, §6) but never sent, and the send reports success, exactly what
// a reference peer whose ARQ gave up leaves behind if its application goes on sending.
using Usmp;

namespace Usmp.Adversarial.Tests;

public sealed class SkippingTransport(IFrameTransport inner, Func<PacketType, uint, bool> skip) : IFrameTransport
{
    private int _skipped;
    public int Skipped => Volatile.Read(ref _skipped);

    public bool IsDatagram => inner.IsDatagram;
    public void Open() => inner.Open();
    public int ReceiveFrame(byte[] buffer, int offset, int timeoutMs) => inner.ReceiveFrame(buffer, offset, timeoutMs);
    public void AttachSession(Session session) => inner.AttachSession(session);
    public void SendUtack(byte[] utack, int offset, int length) => inner.SendUtack(utack, offset, length);
    public void Close() => inner.Close();

    public void SendFrame(byte[] buffer, int offset, int length)
    {
        PacketType type = FrameHeader.ReadType(buffer, offset);
        if (!PacketTypes.IsHandshake((byte)type) && skip(type, FrameHeader.ReadSeq(buffer, offset)))
        {
            Interlocked.Increment(ref _skipped);
            return;
        }
        inner.SendFrame(buffer, offset, length);
    }
}
