// A transport decorator for the conformance battery: it can tamper with the next DATA frame (one
// ciphertext bit flipped, CRC recomputed so only the AEAD can catch it) and replay the last DATA
// frame verbatim. Everything else passes straight through.
// Over UDP the tampered copy goes out ONCE as a bare datagram (what an on-path attacker injects)
// and the genuine frame follows through the ARQ: a gateway that acknowledges only what
// authenticated (ours) would otherwise leave a tampered-only frame unacknowledged until the ARQ
// gives up, and that proves nothing about the gateway's drop rule.
using Usmp;

namespace Usmp.Cli.Device;

public sealed class ScriptedTransport(IFrameTransport inner, IDatagramLink? rawLink = null) : IFrameTransport
{
    private byte[]? _lastData;

    /// <summary>Flip one ciphertext bit of the next DATA frame sent.</summary>
    public bool TamperNextData { get; set; }

    public bool IsDatagram => inner.IsDatagram;
    public void Open() => inner.Open();
    public int ReceiveFrame(byte[] buffer, int offset, int timeoutMs) => inner.ReceiveFrame(buffer, offset, timeoutMs);
    public void AttachSession(Session session) => inner.AttachSession(session);
    public void SendUtack(byte[] utack, int offset, int length) => inner.SendUtack(utack, offset, length);
    public void Close() => inner.Close();

    public void SendFrame(byte[] buffer, int offset, int length)
    {
        if (FrameHeader.ReadType(buffer, offset) != PacketType.Data) { inner.SendFrame(buffer, offset, length); return; }
        byte[] copy = buffer.AsSpan(offset, length).ToArray();
        _lastData = (byte[])copy.Clone();
        if (TamperNextData)
        {
            TamperNextData = false;
            copy[UsmpConstants.HeaderSize + UsmpConstants.GcmNonceSize] ^= 0x01; // first ciphertext/tag byte
            FrameHeader.WriteCrc(copy, 0);
            if (rawLink != null)
            {
                rawLink.Send(copy, 0, copy.Length);   // the tampered copy, once; then the genuine frame
                copy = (byte[])_lastData.Clone();
            }
        }
        inner.SendFrame(copy, 0, copy.Length);
    }

    /// <summary>Sends the last DATA frame again, byte for byte (a replay).</summary>
    public void ReplayLastData()
    {
        byte[] frame = _lastData ?? throw new InvalidOperationException("no DATA frame sent yet");
        inner.SendFrame(frame, 0, frame.Length);
    }
}
