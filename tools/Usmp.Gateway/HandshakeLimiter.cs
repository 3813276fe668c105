// Failed-handshake limiter per IP (spec §9): after LockoutThreshold failures the IP is locked out
// for min(cap, 2^(fails - threshold)) seconds; the table keeps at most LimiterTableSize IPs (the
// least recently failing evicted). Thread-safe; the clock is injectable for tests.
//
// Where we depart from the reference (§9 prunes an entry "once its lockout has expired", which
// resets the count, so a guesser is never locked out for more than 1 s):
//   - an entry is forgotten only after LimiterPruneAfter of QUIET, counted from the later of its
//     last failure and the end of its lockout, so each lockout doubles the one before, up to the cap;
//   - a successful handshake halves the count instead of clearing it, so a device that recovers
//     sheds its history, while an attacker holding one valid key cannot wipe its guesses by
//     interleaving successes.
using System.Net;

namespace Usmp.Gateway;

public sealed class HandshakeLimiter
{
    private sealed class Entry
    {
        public int Failures;
        public long LastFailureMs;
        public long LockedUntilMs;
        public long QuietSinceMs => Math.Max(LastFailureMs, LockedUntilMs);
    }

    private const long PruneEveryMs = 1000;   // a full scan at most once a second, not per connection
    private readonly GatewayOptions _options;
    private readonly Func<long> _nowMs;
    private readonly Dictionary<IPAddress, Entry> _entries = new();
    private readonly object _sync = new();
    private long _lastPruneMs = long.MinValue;

    public HandshakeLimiter(GatewayOptions options, Func<long>? nowMs = null)
    {
        _options = options;
        _nowMs = nowMs ?? (() => Environment.TickCount64);
    }

    public int TrackedCount { get { lock (_sync) { Prune(_nowMs(), force: true); return _entries.Count; } } }

    public bool IsLockedOut(IPAddress ip)
    {
        lock (_sync)
        {
            long now = _nowMs();
            Prune(now);
            return _entries.TryGetValue(ip, out var e) && e.LockedUntilMs > now;
        }
    }

    /// <summary>Failures currently held against ip (0 if none).</summary>
    public int FailuresOf(IPAddress ip)
    {
        lock (_sync)
        {
            Prune(_nowMs(), force: true);
            return _entries.TryGetValue(ip, out var e) ? e.Failures : 0;
        }
    }

    /// <summary>Records a failure; returns the lockout now in force (zero if none).</summary>
    public TimeSpan RecordFailure(IPAddress ip)
    {
        lock (_sync)
        {
            long now = _nowMs();
            Prune(now);
            if (_entries.TryGetValue(ip, out var e) && IsQuiet(e, now)) { _entries.Remove(ip); e = null; } // starts over
            if (e == null)
            {
                EvictOldestIfFull();
                e = new Entry();
                _entries[ip] = e;
            }
            e.Failures++;
            e.LastFailureMs = now;
            if (e.Failures < _options.LockoutThreshold) return TimeSpan.Zero;
            TimeSpan lockout = LockoutFor(e.Failures);
            e.LockedUntilMs = now + (long)lockout.TotalMilliseconds;
            return lockout;
        }
    }

    /// <summary>A completed handshake: the count is halved (forgotten once it reaches 0).</summary>
    public void RecordSuccess(IPAddress ip)
    {
        lock (_sync)
        {
            if (!_entries.TryGetValue(ip, out var e)) return;
            e.Failures /= 2;
            if (e.Failures == 0) _entries.Remove(ip);
        }
    }

    /// <summary>min(cap, 2^(fails - threshold)) seconds (spec §9).</summary>
    public TimeSpan LockoutFor(int failures)
    {
        int exp = Math.Max(0, failures - _options.LockoutThreshold);
        double seconds = exp >= 30 ? double.MaxValue : Math.Pow(2, exp);
        return TimeSpan.FromSeconds(Math.Min(_options.LockoutCap.TotalSeconds, seconds));
    }

    private bool IsQuiet(Entry e, long now) => now - e.QuietSinceMs > (long)_options.LimiterPruneAfter.TotalMilliseconds;

    // Forgets entries quiet for LimiterPruneAfter (never merely because a lockout ended).
    private void Prune(long now, bool force = false)
    {
        if (!force && now - _lastPruneMs < PruneEveryMs) return;
        _lastPruneMs = now;
        List<IPAddress>? stale = null;
        foreach (var (ip, e) in _entries)
            if (IsQuiet(e, now)) (stale ??= new()).Add(ip);
        if (stale != null) foreach (var ip in stale) _entries.Remove(ip);
    }

    private void EvictOldestIfFull()
    {
        if (_entries.Count < _options.LimiterTableSize) return;
        IPAddress? oldest = null;
        long oldestSeen = long.MaxValue;
        foreach (var (ip, e) in _entries)
            if (e.QuietSinceMs < oldestSeen) { oldest = ip; oldestSeen = e.QuietSinceMs; }
        if (oldest != null) _entries.Remove(oldest);
    }
}
