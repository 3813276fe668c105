// A transport decorator for the conformance battery: it can tamper with the next DATA frame (one
// ciphertext bit flipped, CRC recomputed so only the AEAD can catch it) and replay the last DATA
// frame verbatim. Everything else passes straight through.
using Usmp;

namespace Usmp.Cli.Device;

public sealed class ScriptedTransport(IFrameTransport inner) : IFrameTransport
{
    private byte[]? _lastData;

    /// <summary>Flip one ciphertext bit of the next DATA frame sent.</summary>
    public bool TamperNextData { get; set; }

    public bool IsDatagram => inner.IsDatagram;
    public void Open() => inner.Open();
    public int ReceiveFrame(byte[] buffer, int offset, int timeoutMs) => inner.ReceiveFrame(buffer, offset, timeoutMs);
    public void InstallSessionKeys(byte[] txKey, byte[] rxKey) => inner.InstallSessionKeys(txKey, rxKey);
    public void ConfirmAuthenticated(uint seq) => inner.ConfirmAuthenticated(seq);
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
