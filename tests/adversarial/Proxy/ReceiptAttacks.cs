// Attacks on what a UDP receiver acknowledges and delivers (spec §7, §8; issue 10 classes 1-3),
// with the receipt audit every one of them checks: a session-phase UTACK the receiver sends for
// (type, seq) is a receipt, and a receipt is only legitimate once a GENUINE copy of that frame
// has been forwarded to the receiver. A receipt seen earlier (for a forgery, or for a frame the
// proxy never forwarded) goes to ReceiptsWithoutFrame, which the tests require to be empty.
//   SubstituteFrames: the first copy of each target frame is withheld and a forgery with the same
//     header (type, seq, length; CRC repaired) goes to the receiver in its place. Accepting or
//     acknowledging the forgery loses the genuine frame for good, since its sender moves on.
//   HoldFrames: every copy of a matching frame is dropped until a delay has passed since the
//     first one (the sender's ARQ keeps resending; over TCP use Verdict.Delayed instead), so the
//     other side acts on an older state meanwhile (a REKEY "in flight").
//   DropNthAfter: counts every datagram of the flow, both ways, from a trigger packet on, and
//     drops exactly the n-th (one lost datagram anywhere around a REKEY).
namespace Usmp.Adversarial;

/// <summary>Receipts per (direction of the frame, type, seq): which genuine frames were forwarded.</summary>
public sealed class ReceiptAudit
{
    private readonly HashSet<(Direction, byte, uint)> _forwarded = new();
    private readonly HashSet<(Direction, byte, uint)> _withheld = new();
    public List<string> ReceiptsWithoutFrame { get; } = new();

    /// <summary>A genuine session frame went on to its receiver.</summary>
    public void Forwarded(Packet p)
    {
        if (!p.IsSessionFrame) return;
        _forwarded.Add((p.Direction, p.Type, p.Seq));
        _withheld.Remove((p.Direction, p.Type, p.Seq));
    }

    /// <summary>A genuine session frame was kept from its receiver (dropped or replaced).</summary>
    public void Withheld(Packet p)
    {
        if (p.IsSessionFrame && !_forwarded.Contains((p.Direction, p.Type, p.Seq))) _withheld.Add((p.Direction, p.Type, p.Seq));
    }

    /// <summary>A UTACK from the frame's receiver: a receipt for a withheld frame is recorded.</summary>
    public void Utack(Packet p)
    {
        if (!p.IsUtack || !Frames.IsSessionType(p.Type)) return;
        Direction frameDirection = Utacks.Back(p.Direction);
        if (_withheld.Contains((frameDirection, p.Type, p.Seq)))
            ReceiptsWithoutFrame.Add($"{Frames.TypeName(p.Type)} seq {p.Seq} ({frameDirection}) acknowledged, but its genuine frame never reached the receiver");
    }

    /// <summary>Applies the audit to a verdict about to be carried out on p.</summary>
    public Verdict Record(Packet p, Verdict v, bool genuineGoesOn)
    {
        if (p.IsUtack) Utack(p);
        else if (genuineGoesOn) Forwarded(p);
        else Withheld(p);
        return v;
    }
}

/// <summary>Forged replacements for a session frame, all with the frame's own header (CRC repaired).</summary>
public static class Forgeries
{
    public static readonly (string Name, Func<Packet, ProxyFlow, byte[]> Forge)[] All =
    {
        ("random payload", (p, _) => Frames.Build(p.Type, p.Seq, Random(p.Bytes.Length - Frames.HeaderSize))),
        ("all-zero payload", (p, _) => Frames.Build(p.Type, p.Seq, new byte[p.Bytes.Length - Frames.HeaderSize])),
        ("one ciphertext/tag bit flipped", (p, _) => Frames.WithFixedCrc(Frames.FlipBit(p.Bytes, (Frames.HeaderSize + Frames.NonceSize) * 8 + 3))),
        ("last tag bit flipped", (p, _) => Frames.WithFixedCrc(Frames.FlipBit(p.Bytes, p.Bytes.Length * 8 - 1))),
        ("carried nonce altered", (p, _) => Frames.WithFixedCrc(Frames.FlipBit(p.Bytes, Frames.HeaderSize * 8 + 1))),
        ("an earlier genuine frame relabelled to this seq", (p, f) => Earlier(p, f) is { } e ? Frames.WithSeq(e, p.Seq) : Frames.Build(p.Type, p.Seq, Random(p.Bytes.Length - Frames.HeaderSize))),
    };

    private static byte[] Random(int n) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(n);

    // The newest earlier session frame of the same type and direction with another seq, retyped as p.
    private static byte[]? Earlier(Packet p, ProxyFlow f)
    {
        var earlier = f.Find(q => q.IsFrame && q.Direction == p.Direction && q.Type == p.Type && q.Seq != p.Seq && q.Bytes.Length == p.Bytes.Length);
        return earlier.Count == 0 ? null : earlier[^1].Bytes;
    }
}

/// <summary>Withholds the first copy of up to `count` target frames and sends a forgery in each one's place.</summary>
public sealed class SubstituteFrames(Func<Packet, bool> target, Func<Packet, ProxyFlow, byte[]> forge, int count = 1) : IAttackPolicy
{
    private readonly Dictionary<(Direction, byte, uint), int> _copies = new();
    private int _substituted;
    public ReceiptAudit Audit { get; } = new();
    public bool Fired { get { lock (_copies) return _substituted > 0; } }
    public int Substituted { get { lock (_copies) return _substituted; } }

    /// <summary>Copies of each substituted frame its sender put on the wire (>= 2: it resent the genuine frame).</summary>
    public IReadOnlyDictionary<(Direction, byte, uint), int> Copies { get { lock (_copies) return new Dictionary<(Direction, byte, uint), int>(_copies); } }

    public Verdict Decide(Packet p, ProxyFlow flow)
    {
        lock (_copies)
        {
            var key = (p.Direction, p.Type, p.Seq);
            if (p.IsFrame && _copies.TryGetValue(key, out int n))
            {
                _copies[key] = n + 1;
                return Audit.Record(p, Verdict.Pass(p), genuineGoesOn: true);
            }
            if (p.IsFrame && _substituted < count && target(p))
            {
                _substituted++;
                _copies[key] = 1;
                return Audit.Record(p, Verdict.With(forge(p, flow)), genuineGoesOn: false);
            }
            return Audit.Record(p, Verdict.Pass(p), genuineGoesOn: true);
        }
    }
}

/// <summary>Drops every copy of matching frames until `ms` after the first one was seen, then lets them pass.</summary>
public sealed class HoldFrames(Func<Packet, bool> match, int ms) : IAttackPolicy
{
    private DateTime? _first;
    private int _dropped;
    public ReceiptAudit Audit { get; } = new();
    public bool Fired => Volatile.Read(ref _dropped) > 0;

    public Verdict Decide(Packet p, ProxyFlow flow)
    {
        lock (Audit)
        {
            if (p.IsFrame && match(p))
            {
                _first ??= DateTime.UtcNow;
                if ((DateTime.UtcNow - _first.Value).TotalMilliseconds < ms)
                {
                    Interlocked.Increment(ref _dropped);
                    return Audit.Record(p, Verdict.Drop(), genuineGoesOn: false);
                }
            }
            return Audit.Record(p, Verdict.Pass(p), genuineGoesOn: true);
        }
    }
}

/// <summary>From the first packet matching `trigger` (index 0) on, counts every packet of that flow and drops the n-th.</summary>
public sealed class DropNthAfter(Func<Packet, bool> trigger, int n) : IAttackPolicy
{
    private int _flow = -1, _index = -1;
    public ReceiptAudit Audit { get; } = new();
    public Packet? Dropped { get; private set; }
    public bool Fired => Dropped != null;

    public Verdict Decide(Packet p, ProxyFlow flow)
    {
        lock (Audit)
        {
            if (_flow < 0 && trigger(p)) _flow = p.Flow;
            if (_flow == p.Flow && Dropped == null && ++_index == n)
            {
                Dropped = p;
                return Audit.Record(p, Verdict.Drop(), genuineGoesOn: false);
            }
            return Audit.Record(p, Verdict.Pass(p), genuineGoesOn: true);
        }
    }
}
