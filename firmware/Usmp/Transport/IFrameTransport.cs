// What the client needs from a transport: whole frames in, whole frames out (spec usmp-v2.md
// §1 over TCP, §8 over UDP). The protocol core (Session, ClientHandshake) only ever sees this.
namespace Usmp
{
    public interface IFrameTransport : IFrameSink
    {
        // Connects (TCP) or binds/connects the datagram socket (UDP). Throws UsmpTimeoutException
        // or TransportException.
        void Open();

        // Waits up to timeoutMs for ONE whole frame and copies it to buffer[offset..]; returns its
        // length, or 0 on timeout. The buffer must hold UsmpConstants.MaxFrame bytes from offset.
        // Throws ConnectionClosedException when the peer closed, FrameException on a byte stream
        // that cannot be resynchronised (TCP).
        int ReceiveFrame(byte[] buffer, int offset, int timeoutMs);

        // UDP: the session keys that MAC the UTACKs (§8: own rx key for UTACKs we send, own tx key
        // for UTACKs we check). The transport copies them and wipes its copies on Close.
        // null, null clears them. TCP: no-op.
        void InstallSessionKeys(byte[] txKey, byte[] rxKey);

        // UDP: the session layer authenticated a frame with this seq; older than seq - 64 is then
        // dropped before decryption (§8). TCP: no-op.
        void ConfirmAuthenticated(uint seq);

        // Closes the connection and wipes any key material. Idempotent.
        void Close();

        // True for datagram transports (the session then uses the §6 UDP window rules).
        bool IsDatagram { get; }
    }
}
