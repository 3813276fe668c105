// One unit the proxy forwards: a whole frame (TCP, cut at the 12-byte header's length) or one
// datagram (UDP: a frame, a UTACK or anything else). Policies look at it and answer a Verdict.
using System.Buffers.Binary;

namespace Usmp.Adversarial;

public enum Direction { ToGateway, ToDevice }

public enum ProxyWire { Tcp, Udp }

public sealed class Packet
{
    public Packet(ProxyWire wire, Direction direction, int flow, int index, int typeIndex, byte[] bytes)
    {
        Wire = wire; Direction = direction; Flow = flow; Index = index; TypeIndex = typeIndex; Bytes = bytes;
    }

    public ProxyWire Wire { get; }
    public Direction Direction { get; }
    /// <summary>The TCP connection or UDP client address, numbered from 0 in order of first sight.</summary>
    public int Flow { get; }
    /// <summary>Position among the packets of this flow and direction, from 0.</summary>
    public int Index { get; }
    /// <summary>Position among the packets of the same kind (frame type, or UTACK of a type) in this flow and direction.</summary>
    public int TypeIndex { get; }
    /// <summary>The bytes as received. Policies must not change them: use Frames helpers, which copy.</summary>
    public byte[] Bytes { get; }

    public bool IsUtack => Frames.IsUtack(Bytes);
    public bool IsFrame => !IsUtack && Bytes.Length >= Frames.HeaderSize && FrameHeader.HasMagic(Bytes, 0);
    /// <summary>Frame type (byte 3), or the acked type of a UTACK (byte 2); 0 for anything else.</summary>
    public byte Type => IsUtack ? Bytes[2] : IsFrame ? Bytes[3] : (byte)0;
    public uint Seq => IsUtack ? BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(3)) : IsFrame ? Frames.SeqOf(Bytes) : 0;
    public bool IsSessionFrame => IsFrame && Frames.IsSessionType(Type);

    public override string ToString() =>
        $"{Wire} flow {Flow} {Direction} #{Index} {(IsUtack ? "UTACK " : "")}{Frames.TypeName(Type)} seq {Seq} ({Bytes.Length} B)";
}
