// How many cookies (HELLO_RETRY, spec §8) the gateway hands out. The reference keeps one token
// bucket per source IP (capacity 10, 5/s), so anyone who forges HELLOs carrying a victim's IP
// (any port) empties the victim's bucket and the victim never gets a cookie (issue 10 class 4).
// Here the bucket is per source ADDRESS (ip, port): forged datagrams from the victim's IP but
// another port spend their own buckets, not the victim's (a forger that does not see the
// victim's traffic does not know its port). Addresses are tracked in an LRU of bounded size (O(1)
// per datagram; a forgotten address starts again with a full bucket). One global bucket caps the
// total, so a flood from many forged addresses costs the gateway at most GlobalPerSecond HMACs
// and replies a second; only a flood above that rate can delay a real client's cookie.
// What a reply costs the victim of a reflection: 7 + 28 bytes back for a 50-byte HELLO (less than
// it was sent), so dropping the per-IP cap adds no amplification. Thread-safe; clock injectable.
using System.Net;

namespace Usmp.Gateway;

public sealed class CookieBudget
{
    private sealed class Bucket { public IPEndPoint Address = null!; public double Tokens; public long LastMs; }

    private readonly int _capacity, _maxTracked;
    private readonly double _perSecond, _globalPerSecond;
    private readonly Func<long> _nowMs;
    private readonly Dictionary<IPEndPoint, LinkedListNode<Bucket>> _byAddress = new();
    private readonly LinkedList<Bucket> _lru = new();   // most recently used first
    private readonly object _sync = new();
    private double _globalTokens;
    private long _globalLastMs;

    /// <param name="capacity">per address: cookies back to back (the spec's 10)</param>
    /// <param name="perSecond">per address: refill per second (the spec's 5)</param>
    /// <param name="maxTracked">addresses remembered (least recently used forgotten first)</param>
    /// <param name="globalPerSecond">all addresses together, per second (and back to back)</param>
    public CookieBudget(int capacity, double perSecond, int maxTracked, double globalPerSecond, Func<long>? nowMs = null)
    {
        _capacity = capacity;
        _perSecond = perSecond;
        _maxTracked = Math.Max(1, maxTracked);
        _globalPerSecond = globalPerSecond;
        _nowMs = nowMs ?? (() => Environment.TickCount64);
        _globalTokens = globalPerSecond;
        _globalLastMs = _nowMs();
    }

    public int TrackedCount { get { lock (_sync) return _byAddress.Count; } }

    /// <summary>True when a cookie may be sent to this address now (one token of its bucket and one global).</summary>
    public bool TryTake(IPEndPoint address)
    {
        lock (_sync)
        {
            long now = _nowMs();
            _globalTokens = Math.Min(_globalPerSecond, _globalTokens + (now - _globalLastMs) / 1000.0 * _globalPerSecond);
            _globalLastMs = now;
            Bucket b = Touch(address, now);
            b.Tokens = Math.Min(_capacity, b.Tokens + (now - b.LastMs) / 1000.0 * _perSecond);
            b.LastMs = now;
            if (b.Tokens < 1 || _globalTokens < 1) return false;
            b.Tokens -= 1;
            _globalTokens -= 1;
            return true;
        }
    }

    // Under _sync: the address's bucket, moved to the front of the LRU (created full if new).
    private Bucket Touch(IPEndPoint address, long now)
    {
        if (_byAddress.TryGetValue(address, out var node))
        {
            _lru.Remove(node);
            _lru.AddFirst(node);
            return node.Value;
        }
        if (_byAddress.Count >= _maxTracked)
        {
            var oldest = _lru.Last!;
            _lru.RemoveLast();
            _byAddress.Remove(oldest.Value.Address);
        }
        node = _lru.AddFirst(new Bucket { Address = address, Tokens = _capacity, LastMs = now });
        _byAddress[address] = node;
        return node.Value;
    }
}
