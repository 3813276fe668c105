// An off-path attacker on 127.0.0.1 that forges the SOURCE address of its UDP datagrams: a raw
// IPv4 socket (IPPROTO_RAW: we write the IP header; the kernel fills in the header checksum) with
// a UDP header whose checksum is 0 ("none", allowed over IPv4). The receiving socket sees the
// datagram as coming from `from`, e.g. the peer it is connected to. Needs CAP_NET_RAW (root);
// Available says whether this process has it.
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Usmp.Adversarial;

public static class SpoofedUdp
{
    public static bool Available { get; } = Probe();

    public static void Send(IPEndPoint from, IPEndPoint to, byte[] payload)
    {
        byte[] packet = new byte[28 + payload.Length];
        packet[0] = 0x45;                                                        // IPv4, 20-byte header
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;                                                          // TTL
        packet[9] = (byte)ProtocolType.Udp;
        from.Address.GetAddressBytes().CopyTo(packet, 12);
        to.Address.GetAddressBytes().CopyTo(packet, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), (ushort)from.Port);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), (ushort)to.Port);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(8 + payload.Length));
        payload.CopyTo(packet, 28);                                               // UDP checksum 0: none
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Raw);
        raw.SendTo(packet, new IPEndPoint(to.Address, 0));
    }

    private static bool Probe()
    {
        try { using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Raw); return true; }
        catch (SocketException) { return false; }
    }
}
