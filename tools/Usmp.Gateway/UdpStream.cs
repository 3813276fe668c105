// Everything the UDP gateway keeps for one source (ip, port) (spec §8): the handshake in
// progress or the established session, the last handshake type received (duplicate rule), and
// the ARQ sender both use.
using System.Net;

namespace Usmp.Gateway;

internal sealed class UdpStream(IPEndPoint peer, UdpArqSender sender, long startedMs)
{
    public IPEndPoint Peer { get; } = peer;
    public UdpArqSender Sender { get; } = sender;
    public long StartedMs { get; } = startedMs;
    public ServerHandshake? Handshake { get; set; }
    public GatewaySession? Session { get; set; }
    public byte LastHandshakeType { get; set; }
    /// <summary>The handshake slot while the handshake runs (UdpAdmission); released when it ends.</summary>
    public HandshakeSlots.Lease? Slot { get; set; }

    /// <summary>§8 duplicate handshake frame (server): type <= the last (the wire module's rule).</summary>
    public bool IsDuplicateHandshake(byte type) => UdpDatagram.IsServerDuplicate(type, LastHandshakeType);
}
