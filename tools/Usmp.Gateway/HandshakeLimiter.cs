// Failed-handshake limiter per IP (spec §9): after LockoutThreshold failures the IP is locked out
// for min(cap, 2^(fails - threshold)) seconds; a success clears the entry; the table keeps at most
// LimiterTableSize IPs (oldest evicted) and prunes entries idle for LimiterPruneAfter or whose
// lockout has expired. Thread-safe; the clock is injectable for tests.
using System.Net;

namespace Usmp.Gateway;

public sealed class HandshakeLimiter
{
    private sealed class Entry
    {
        public int Failures;
        public long LastSeenMs;
        public long LockedUntilMs;
    }

    private readonly GatewayOptions _options;
    private readonly Func<long> _nowMs;
    private readonly Dictionary<IPAddress, Entry> _entries = new();
    private readonly object _sync = new();

    public HandshakeLimiter(GatewayOptions options, Func<long>? nowMs = null)
    {
        _options = options;
        _nowMs = nowMs ?? (() => Environment.TickCount64);
    }

    public int TrackedCount { get { lock (_sync) return _entries.Count; } }

    public bool IsLockedOut(IPAddress ip)
    {
        lock (_sync)
        {
            long now = _nowMs();
            Prune(now);
            return _entries.TryGetValue(ip, out var e) && e.LockedUntilMs > now;
        }
    }

    /// <summary>Records a failure; returns the lockout now in force (zero if none).</summary>
    public TimeSpan RecordFailure(IPAddress ip)
    {
        lock (_sync)
        {
            long now = _nowMs();
            Prune(now);
            if (!_entries.TryGetValue(ip, out var e))
            {
                EvictOldestIfFull();
                e = new Entry();
                _entries[ip] = e;
            }
            e.Failures++;
            e.LastSeenMs = now;
            if (e.Failures < _options.LockoutThreshold) return TimeSpan.Zero;
            TimeSpan lockout = LockoutFor(e.Failures);
            e.LockedUntilMs = now + (long)lockout.TotalMilliseconds;
            return lockout;
        }
    }

    public void RecordSuccess(IPAddress ip)
    {
        lock (_sync) _entries.Remove(ip);
    }

    /// <summary>min(cap, 2^(fails - threshold)) seconds (spec §9).</summary>
    public TimeSpan LockoutFor(int failures)
    {
        int exp = Math.Max(0, failures - _options.LockoutThreshold);
        double seconds = exp >= 30 ? double.MaxValue : Math.Pow(2, exp);
        return TimeSpan.FromSeconds(Math.Min(_options.LockoutCap.TotalSeconds, seconds));
    }

    private void Prune(long now)
    {
        long idle = (long)_options.LimiterPruneAfter.TotalMilliseconds;
        List<IPAddress>? stale = null;
        foreach (var (ip, e) in _entries)
        {
            bool lockoutExpired = e.LockedUntilMs != 0 && e.LockedUntilMs <= now;
            if (now - e.LastSeenMs > idle || lockoutExpired) (stale ??= new()).Add(ip);
        }
        if (stale != null) foreach (var ip in stale) _entries.Remove(ip);
    }

    private void EvictOldestIfFull()
    {
        if (_entries.Count < _options.LimiterTableSize) return;
        IPAddress? oldest = null;
        long oldestSeen = long.MaxValue;
        foreach (var (ip, e) in _entries)
            if (e.LastSeenMs < oldestSeen) { oldest = ip; oldestSeen = e.LastSeenMs; }
        if (oldest != null) _entries.Remove(oldest);
    }
}
