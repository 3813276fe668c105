// Counting for §9's max_connections (total) and max_connections_per_ip. Thread-safe.
// TCP connections that have not authenticated yet are evictable (issue 10 class 4): connections
// that never send a HELLO, or stall in the handshake, from a few addresses could otherwise hold
// every connection there is until their handshake_timeout, again and again. When the total is
// reached, a newcomer may take the place of an unauthenticated connection older than
// HandshakeStallGrace (a real device authenticates within a few round trips) from the IP holding
// the most connections, and only if that IP holds more than the newcomer's (the rule of
// HandshakeSlots). Authenticated sessions are never evicted. UDP counts only finished handshakes
// (TryAcquire/Release by IP); TCP counts from the accept (Admit/Release by ticket).
using System.Net;

namespace Usmp.Gateway;

public sealed class ConnectionLimits(GatewayOptions options, Func<long>? nowMs = null)
{
    /// <summary>One TCP connection counted. Evicted is cancelled if it is made to give up its place.</summary>
    public sealed class Ticket(IPAddress ip, long sinceMs)
    {
        private readonly CancellationTokenSource _evicted = new();
        public IPAddress Ip { get; } = ip;
        public long SinceMs { get; } = sinceMs;
        public CancellationToken Evicted => _evicted.Token;
        public bool WasEvicted { get; internal set; }
        internal bool Authenticated, Released;
        internal void SignalEvicted() { try { _evicted.Cancel(); } catch (ObjectDisposedException) { } }
    }

    private readonly Func<long> _nowMs = nowMs ?? (() => Environment.TickCount64);
    private readonly Dictionary<IPAddress, int> _perIp = new();
    private readonly List<Ticket> _unauthenticated = new();
    private readonly object _sync = new();
    private int _total;
    private long _evictions;

    public int Total { get { lock (_sync) return _total; } }
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>Takes a slot for ip, or returns the reason it cannot (null on success). Never evicts.</summary>
    public RefusalReason? TryAcquire(IPAddress ip)
    {
        lock (_sync)
        {
            RefusalReason? r = Check(ip, out _, evict: false);
            if (r == null) Count(ip);
            return r;
        }
    }

    /// <summary>TCP: a place for a new connection from ip (by evicting an older unauthenticated one if need
    /// be), as a ticket to pass to Authenticated and Release; or the reason there is none.</summary>
    public RefusalReason? Admit(IPAddress ip, out Ticket? ticket)
    {
        Ticket? victim;
        lock (_sync)
        {
            ticket = null;
            RefusalReason? r = Check(ip, out victim, evict: true);
            if (r != null) return r;
            if (victim != null) { Remove(victim); victim.WasEvicted = true; _evictions++; }
            Count(ip);
            ticket = new Ticket(ip, _nowMs());
            _unauthenticated.Add(ticket);
        }
        victim?.SignalEvicted();
        return null;
    }

    /// <summary>The connection's handshake succeeded: it can no longer be evicted. False if it was evicted
    /// just before (the caller then drops it: its place is gone).</summary>
    public bool Authenticated(Ticket ticket)
    {
        lock (_sync)
        {
            if (ticket.Released) return false;
            _unauthenticated.Remove(ticket);
            return ticket.Authenticated = true;
        }
    }

    public void Release(Ticket ticket)
    {
        lock (_sync) Remove(ticket);
    }

    public void Release(IPAddress ip)
    {
        lock (_sync) Uncount(ip);
    }

    // Under _sync: null if ip may have a place (victim: whom it replaces), else why not.
    private RefusalReason? Check(IPAddress ip, out Ticket? victim, bool evict)
    {
        victim = null;
        int mine = _perIp.GetValueOrDefault(ip);
        if (mine >= options.MaxConnectionsPerIp) return RefusalReason.TooManyPerIp;
        if (_total < options.MaxConnections) return null;
        if (evict) victim = OldestStalled(mine);
        return victim == null ? RefusalReason.TooManyConnections : null;
    }

    // Under _sync: among unauthenticated connections older than the grace, from IPs holding more than
    // `mine`, the busiest IP's oldest.
    private Ticket? OldestStalled(int mine)
    {
        long now = _nowMs(), grace = (long)options.HandshakeStallGrace.TotalMilliseconds;
        Ticket? best = null;
        foreach (var t in _unauthenticated)
        {
            int held = _perIp[t.Ip];
            if (now - t.SinceMs < grace || held <= mine) continue;
            if (best == null) { best = t; continue; }
            int hb = _perIp[best.Ip];
            if (held > hb || (held == hb && t.SinceMs < best.SinceMs)) best = t;
        }
        return best;
    }

    private void Count(IPAddress ip)
    {
        _perIp[ip] = _perIp.GetValueOrDefault(ip) + 1;
        _total++;
    }

    // Under _sync; idempotent per ticket.
    private void Remove(Ticket t)
    {
        if (t.Released) return;
        t.Released = true;
        _unauthenticated.Remove(t);
        Uncount(t.Ip);
    }

    private void Uncount(IPAddress ip)
    {
        if (!_perIp.TryGetValue(ip, out int n)) return;
        if (n <= 1) _perIp.Remove(ip); else _perIp[ip] = n - 1;
        _total--;
    }
}
