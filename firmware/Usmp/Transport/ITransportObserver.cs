// Diagnostics hook of a transport (UdpTransport): told, on the sending/receiving thread, about each
// retransmission and each datagram the transport itself drops before any session sees it. The
// UsmpClient sets one to raise its Retransmitted and FrameDropped events and move UsmpCounters.
// Implementations must not allocate or block: they run inside the ARQ loop.
namespace Usmp
{
    public interface ITransportObserver
    {
        /// <summary>Frame (type, seq) is sent again: attempt is 1 for the first retransmission .. Attempts-1.</summary>
        void Retransmitting(byte packetType, uint seq, int attempt);

        /// <summary>A datagram was dropped by the transport (size checks, full read queue, not authenticated while sending).</summary>
        void DatagramDropped(DropReason reason);
    }
}
