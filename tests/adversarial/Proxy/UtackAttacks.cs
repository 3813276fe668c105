// Attacks on the UDP acknowledgement (spec §8): a UTACK is `AC AC ‖ type ‖ seq(4 LE)` plus, for
// session types, HMAC-SHA256(sender's tx key, those 7 bytes)[0:8]. The stop-and-wait ARQ may
// complete a frame only on a UTACK with the right (type, seq) and a MAC that verifies; anything
// else must leave the sender retransmitting. Two shapes:
//   WithholdAndForgeUtack: the target frame's first copy is NOT forwarded, and forged UTACK(s) go
//     back to its sender at once. Accepting one would lose the frame for good (the proxy never
//     forwarded it), so a message that still arrives proves the ARQ resent it.
//   ReplaceUtack: the frame is forwarded, but the receiver's genuine UTACK for it is replaced by a
//     garbled one. The sender must resend; the receiver then gets the same frame twice and must
//     deliver it once (the duplicate is UTACKed again and dropped by the replay window).
// Both count every copy of the target frame the sender put on the wire (Copies >= 2 = it resent).
using System.Buffers.Binary;

namespace Usmp.Adversarial;

public static class Utacks
{
    public const int PlainSize = 7, MacSize = 8, MacedSize = 15;

    public static Direction Back(Direction d) => d == Direction.ToGateway ? Direction.ToDevice : Direction.ToGateway;

    /// <summary>AC AC type seq, plus the given 8 MAC bytes when mac is not null.</summary>
    public static byte[] Build(byte type, uint seq, byte[]? mac = null)
    {
        byte[] u = new byte[mac == null ? PlainSize : MacedSize];
        u[0] = 0xAC; u[1] = 0xAC; u[2] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(u.AsSpan(3), seq);
        mac?.AsSpan(0, MacSize).CopyTo(u.AsSpan(PlainSize));
        return u;
    }

    /// <summary>The same UTACK (MAC included) relabelled for another type and seq: the MAC no longer matches.</summary>
    public static byte[] Relabel(byte[] utack, byte type, uint seq)
    {
        byte[] u = (byte[])utack.Clone();
        u[2] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(u.AsSpan(3), seq);
        return u;
    }

    /// <summary>The genuine UTACKs the flow has seen for (type, seq) travelling in direction d, oldest first.</summary>
    public static List<byte[]> Seen(ProxyFlow flow, Direction d, byte type, uint seq) =>
        flow.Find(q => q.IsUtack && q.Direction == d && q.Type == type && q.Seq == seq).Select(q => q.Bytes).ToList();
}

/// <summary>Withholds the first copy of the target frame and answers its sender with forged UTACKs.</summary>
public sealed class WithholdAndForgeUtack(Func<Packet, bool> target, Func<Packet, ProxyFlow, byte[][]> forge) : IAttackPolicy
{
    private int _fired, _copies;
    public bool Fired => Volatile.Read(ref _fired) != 0;
    /// <summary>Copies of the target frame its sender put on the wire (the first one withheld).</summary>
    public int Copies => Volatile.Read(ref _copies);
    public int ForgedSent;

    public Verdict Decide(Packet p, ProxyFlow flow)
    {
        if (!p.IsFrame || !target(p)) return Verdict.Pass(p);
        Interlocked.Increment(ref _copies);
        if (Interlocked.Exchange(ref _fired, 1) != 0) return Verdict.Pass(p);
        var v = Verdict.Drop();
        byte[][] forged = forge(p, flow);
        v.EmitBack.AddRange(forged);
        Interlocked.Add(ref ForgedSent, forged.Length);
        return v;
    }
}

/// <summary>Forwards the target frame but replaces the receiver's first genuine UTACK for it with garble(utack).</summary>
public sealed class ReplaceUtack(Func<Packet, bool> target, Func<byte[], byte[][]> garble) : IAttackPolicy
{
    private int _fired, _copies;
    private Direction? _frameDirection;
    private byte _type;
    private uint _seq;
    public bool Fired => Volatile.Read(ref _fired) != 0;
    public int Copies => Volatile.Read(ref _copies);

    public Verdict Decide(Packet p, ProxyFlow flow)
    {
        lock (this)
        {
            if (p.IsFrame && target(p))
            {
                _copies++;
                _frameDirection = p.Direction; _type = p.Type; _seq = p.Seq;
                return Verdict.Pass(p);
            }
            if (_fired == 0 && _frameDirection is { } d && p.IsUtack && p.Direction == Utacks.Back(d) && p.Type == _type && p.Seq == _seq)
            {
                _fired = 1;
                return Verdict.With(garble(p.Bytes));
            }
            return Verdict.Pass(p);
        }
    }
}
