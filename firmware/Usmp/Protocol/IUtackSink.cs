// Where an established session sends the UTACKs it decides on (spec §8), over a datagram
// transport: the device's UdpTransport, the gateway's per-peer UDP link. The session writes one
// only after the frame authenticated (Session.Accept), with the MAC of the key epoch that opened
// it; transports no longer acknowledge session frames themselves.
namespace Usmp
{
    public interface IUtackSink
    {
        /// <summary>Sends utack[offset..offset+length) as one datagram to the peer, now (no ARQ).</summary>
        void SendUtack(byte[] utack, int offset, int length);
    }
}
