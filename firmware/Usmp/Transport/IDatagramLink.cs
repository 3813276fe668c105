// The datagram service UdpTransport runs over (spec usmp-v2.md §8: one frame or one UTACK per
// datagram, to and from ONE peer). SocketDatagramLink is the real one; InMemoryDatagramLink lets
// tests inject loss, duplication and reordering without a network.
namespace Usmp
{
    public interface IDatagramLink
    {
        // Binds/connects; after this Send and Receive work (nanoFramework: ReceiveFrom needs a
        // bound or connected socket first, spec/nanoframework.md §2).
        void Open();

        // Sends buffer[offset..offset+count) as one datagram. Best effort: loss is normal.
        void Send(byte[] buffer, int offset, int count);

        // Waits up to timeoutMs for one datagram from the peer and copies it (truncated to count)
        // into buffer[offset..]. Returns its length, or 0 when nothing arrived in time. Throws
        // TransportException when the peer is known to be unreachable or the socket failed.
        int Receive(byte[] buffer, int offset, int count, int timeoutMs);

        void Close();
    }
}
