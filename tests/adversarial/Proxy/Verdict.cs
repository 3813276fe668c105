// What the proxy does with one packet: emit zero or more byte strings in the packet's direction
// (in order, after an optional delay), then carry on, close the connection, or stall.
namespace Usmp.Adversarial;

public enum AfterVerdict
{
    Continue,
    /// <summary>Close both sides of this flow (TCP) or stop relaying it (UDP).</summary>
    Close,
    /// <summary>Keep the connection open but forward nothing more in this direction (a black hole).</summary>
    Stall,
    /// <summary>TCP: stop READING this direction's source, so its kernel buffers fill and its writes
    /// block (a peer that never reads); the other direction carries on. UDP: same as Stall.</summary>
    Freeze,
}

public sealed class Verdict
{
    public List<byte[]> Emit { get; } = new();
    public int DelayMs { get; init; }
    public AfterVerdict After { get; init; }
    /// <summary>Emitted in the OTHER direction right after (e.g. a forged answer to the sender).</summary>
    public List<byte[]> EmitBack { get; } = new();

    public static Verdict Pass(Packet p) => With(p.Bytes);
    public static Verdict Drop() => new();
    public static Verdict With(params byte[][] emit)
    {
        var v = new Verdict();
        v.Emit.AddRange(emit);
        return v;
    }
    public static Verdict Delayed(Packet p, int ms)
    {
        var v = new Verdict { DelayMs = ms };
        v.Emit.Add(p.Bytes);
        return v;
    }
    public static Verdict Then(AfterVerdict after, params byte[][] emit)
    {
        var v = new Verdict { After = after };
        v.Emit.AddRange(emit);
        return v;
    }
}

/// <summary>Decides one packet. Called on the flow's pump for that direction (one call at a time per direction).</summary>
public interface IProxyPolicy
{
    Verdict Decide(Packet packet, ProxyFlow flow);
}

public sealed class FuncPolicy(Func<Packet, ProxyFlow, Verdict> decide) : IProxyPolicy
{
    public Verdict Decide(Packet packet, ProxyFlow flow) => decide(packet, flow);
}

/// <summary>Forwards everything unchanged.</summary>
public sealed class PassPolicy : IProxyPolicy
{
    public static readonly PassPolicy Instance = new();
    public Verdict Decide(Packet packet, ProxyFlow flow) => Verdict.Pass(packet);
}
