// One relayed conversation (a TCP connection or a UDP client address): its packet history in both
// directions (what the honest peers actually sent, for replay and splicing), per-direction counters,
// and the means to inject bytes or end it.
namespace Usmp.Adversarial;

public abstract class ProxyFlow
{
    private readonly List<Packet> _history = new();
    private readonly Dictionary<(Direction, bool, byte), int> _typeCounts = new();
    private readonly int[] _indexes = new int[2];

    protected ProxyFlow(int id, ProxyWire wire) { Id = id; Wire = wire; }

    public int Id { get; }
    public ProxyWire Wire { get; }
    public bool IsClosed { get; protected set; }

    /// <summary>False: packets are numbered but not kept (a long soak would otherwise grow the
    /// proxy's heap with every datagram and hide, or fake, a leak in what it measures).</summary>
    public bool KeepHistory { get; init; } = true;

    /// <summary>Every packet received from either peer so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<Packet> History { get { lock (_history) return _history.ToArray(); } }

    /// <summary>Earlier packets matching a filter, oldest first.</summary>
    public List<Packet> Find(Func<Packet, bool> match) { lock (_history) return _history.Where(match).ToList(); }

    /// <summary>Sends bytes to one peer, outside the normal flow (forged answers, replays, garbage).</summary>
    public abstract Task InjectAsync(Direction towards, byte[] bytes);

    public abstract void Close();

    internal Packet Record(Direction direction, byte[] bytes)
    {
        lock (_history)
        {
            bool utack = Frames.IsUtack(bytes);
            byte type = utack ? bytes[2] : bytes.Length >= 4 ? bytes[3] : (byte)0;
            var key = (direction, utack, type);
            _typeCounts.TryGetValue(key, out int typeIndex);
            _typeCounts[key] = typeIndex + 1;
            var p = new Packet(Wire, direction, Id, _indexes[(int)direction]++, typeIndex, bytes);
            if (KeepHistory) _history.Add(p);
            return p;
        }
    }
}
