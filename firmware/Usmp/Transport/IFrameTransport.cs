// What the client needs from a transport: whole frames in, whole frames out (spec usmp-v2.md
// §1 over TCP, §8 over UDP). The protocol core (Session, ClientHandshake) only ever sees this.
namespace Usmp
{
    public interface IFrameTransport : IFrameSink, IUtackSink
    {
        // Connects (TCP) or binds/connects the datagram socket (UDP). Throws UsmpTimeoutException
        // or TransportException.
        void Open();

        // Waits up to timeoutMs for ONE whole frame and copies it to buffer[offset..]; returns its
        // length, or 0 on timeout. The buffer must hold UsmpConstants.MaxFrame bytes from offset.
        // Throws ConnectionClosedException when the peer closed, FrameException on a byte stream
        // that cannot be resynchronised (TCP).
        int ReceiveFrame(byte[] buffer, int offset, int timeoutMs);

        // UDP (§3 end, §8): the established session, asked for every UTACK MAC and check (its key
        // epochs own the keys; the transport keeps no copy) and to authenticate frames that arrive
        // while a send waits for its UTACK. Attached right after SESSION_OK verified; null detaches
        // (close, failure). TCP: ignored.
        void AttachSession(Session session);

        // Closes the connection. Idempotent.
        void Close();

        // True for datagram transports (the session then uses the §6 UDP window rules and UTACKs).
        bool IsDatagram { get; }
    }
}
