// Per-IP token bucket for cookie issuance (spec §8): capacity 10, 5 tokens/s, at most 1000 IPs
// tracked (the least recently used evicted). Thread-safe; clock injectable.
using System.Net;

namespace Usmp.Gateway;

public sealed class TokenBucket(int capacity, double tokensPerSecond, int maxTracked, Func<long>? nowMs = null)
{
    private sealed class Bucket { public double Tokens; public long LastMs; }

    private readonly Dictionary<IPAddress, Bucket> _buckets = new();
    private readonly Func<long> _nowMs = nowMs ?? (() => Environment.TickCount64);
    private readonly object _sync = new();

    public int TrackedCount { get { lock (_sync) return _buckets.Count; } }

    public bool TryTake(IPAddress ip)
    {
        lock (_sync)
        {
            long now = _nowMs();
            if (!_buckets.TryGetValue(ip, out var b))
            {
                if (_buckets.Count >= maxTracked) EvictOldest();
                b = new Bucket { Tokens = capacity, LastMs = now };
                _buckets[ip] = b;
            }
            b.Tokens = Math.Min(capacity, b.Tokens + (now - b.LastMs) / 1000.0 * tokensPerSecond);
            b.LastMs = now;
            if (b.Tokens < 1) return false;
            b.Tokens -= 1;
            return true;
        }
    }

    private void EvictOldest()
    {
        IPAddress? oldest = null;
        long min = long.MaxValue;
        foreach (var (ip, b) in _buckets) if (b.LastMs < min) { min = b.LastMs; oldest = ip; }
        if (oldest != null) _buckets.Remove(oldest);
    }
}
