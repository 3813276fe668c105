// Ready-made policies. Every attack fires on ONE chosen packet (the first that matches) and passes
// everything else, so a test can check that the attack really happened (Fired) and what followed.
namespace Usmp.Adversarial;

/// <summary>A policy that attacks at some point; Fired tells whether it did.</summary>
public interface IAttackPolicy : IProxyPolicy
{
    bool Fired { get; }
}

public sealed class OncePolicy : IAttackPolicy
{
    private readonly Func<Packet, bool> _match;
    private readonly Func<Packet, ProxyFlow, Verdict> _act;
    private int _fired;

    public OncePolicy(Func<Packet, bool> match, Func<Packet, ProxyFlow, Verdict> act) { _match = match; _act = act; }

    public bool Fired => Volatile.Read(ref _fired) != 0;
    public Packet? Target { get; private set; }

    public Verdict Decide(Packet p, ProxyFlow flow)
    {
        if (Volatile.Read(ref _fired) == 0 && _match(p) && Interlocked.Exchange(ref _fired, 1) == 0)
        {
            Target = p;
            return _act(p, flow);
        }
        return Verdict.Pass(p);
    }
}

/// <summary>Independent random loss on every datagram both ways (seeded): the soak's lossy link.</summary>
public sealed class RandomLossPolicy(double lossRate, int seed) : IProxyPolicy
{
    private readonly Random _rng = new(seed);
    public long Dropped, Passed;

    public Verdict Decide(Packet p, ProxyFlow flow)
    {
        bool drop;
        lock (_rng) drop = _rng.NextDouble() < lossRate;
        if (drop) { Interlocked.Increment(ref Dropped); return Verdict.Drop(); }
        Interlocked.Increment(ref Passed);
        return Verdict.Pass(p);
    }
}

public static class Match
{
    /// <summary>The n-th (from 0) first-seen session frame of a type in a direction, by seq: ARQ resends of the same seq are not counted again.</summary>
    public static Func<Packet, bool> SessionFrame(Direction d, byte type, uint seq, int? flow = null) =>
        p => p.IsFrame && p.Direction == d && p.Type == type && p.Seq == seq && (flow == null || p.Flow == flow);

    public static Func<Packet, bool> Type(Direction d, byte type, int? flow = null) =>
        p => p.IsFrame && p.Direction == d && p.Type == type && (flow == null || p.Flow == flow);
}

/// <summary>Reorder: holds the first matching frame and emits it right after the next frame of the same
/// flow and direction (whatever that frame is: over UDP it is the ARQ's resend of the held one).</summary>
public sealed class SwapNextPolicy(Func<Packet, bool> match) : IAttackPolicy
{
    private byte[]? _held;
    private int _flow = -1;
    private Direction _direction;
    private int _state; // 0 waiting, 1 holding, 2 done
    public bool Fired => Volatile.Read(ref _state) == 2;

    public Verdict Decide(Packet p, ProxyFlow flow)
    {
        lock (this)
        {
            if (_state == 0 && match(p)) { _held = p.Bytes; _flow = p.Flow; _direction = p.Direction; _state = 1; return Verdict.Drop(); }
            if (_state == 1 && p.Flow == _flow && p.Direction == _direction && p.IsFrame)
            {
                _state = 2;
                return Verdict.With(p.Bytes, _held!);
            }
            return Verdict.Pass(p);
        }
    }
}
