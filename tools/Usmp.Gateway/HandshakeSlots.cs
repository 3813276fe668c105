// Handshake slots (spec §9 "at most 10 handshakes run at once", §8 "3 per IP, 2 x max_connections
// in total"), shared FAIRLY between source IPs, with eviction of handshakes that stopped making
// progress (issue 10 class 4). The reference's semaphore is first come, first served, and a
// handshake holds its slot until its timeout, so a few peers that open handshakes and go quiet
// hold every slot, and everyone else waits or is refused. Here:
//   - a free slot goes to the waiting IP that holds the fewest slots (ties: the longest waiting);
//   - when none is free, a handshake granted more than StallGrace ago (a real device answers
//     within a round trip) is evicted for a waiter or newcomer whose IP holds fewer slots than the
//     victim's IP: the victim is taken from the IP holding the most, oldest first;
//   - a per-IP cap: an IP at its cap may only replace its own oldest stalled handshake.
// An eviction is not a failure of the evicted peer's IP (the slot was taken from it, it did not
// fail); waiting is never a failure either (the callers' rules).
// TCP waits (EnterAsync); UDP never waits (TryEnter: a slot now, or the datagram is dropped and the
// client's ARQ resends). Thread-safe; the clock is injectable (then call Tick yourself).
using System.Net;

namespace Usmp.Gateway;

public sealed class HandshakeSlots : IDisposable
{
    /// <summary>One slot held. Dispose releases it (a no-op once evicted: the slot has moved on).</summary>
    public sealed class Lease : IDisposable
    {
        private readonly HandshakeSlots _owner;
        private readonly CancellationTokenSource _evicted = new();
        internal readonly Action? OnEvicted;
        internal bool Released;

        internal Lease(HandshakeSlots owner, IPAddress ip, long grantedMs, Action? onEvicted)
        {
            _owner = owner; Ip = ip; GrantedMs = grantedMs; OnEvicted = onEvicted;
        }

        public IPAddress Ip { get; }
        public long GrantedMs { get; }
        /// <summary>Cancelled when this handshake is evicted for someone else.</summary>
        public CancellationToken Evicted => _evicted.Token;
        public bool WasEvicted { get; internal set; }

        internal void SignalEvicted()
        {
            try { _evicted.Cancel(); } catch (ObjectDisposedException) { }
            OnEvicted?.Invoke();
        }

        public void Dispose()
        {
            _owner.Release(this);
            _evicted.Dispose();
        }
    }

    private sealed class Waiter(IPAddress ip, long order)
    {
        public readonly IPAddress Ip = ip;
        public readonly long Order = order;
        public readonly TaskCompletionSource<Lease?> Granted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly int _capacity, _perIpCap;
    private readonly long _graceMs;
    private readonly Func<long> _nowMs;
    private readonly object _sync = new();
    private readonly List<Lease> _leases = new();
    private readonly Dictionary<IPAddress, int> _held = new();
    private readonly List<Waiter> _waiters = new();
    private readonly bool _ownClock;
    private Timer? _tick;
    private long _order, _evictions;

    public HandshakeSlots(int capacity, int perIpCap, TimeSpan stallGrace, Func<long>? nowMs = null)
    {
        if (capacity < 1 || perIpCap < 1) throw new ArgumentException("capacity and per-IP cap must be >= 1");
        _capacity = capacity;
        _perIpCap = perIpCap;
        _graceMs = (long)stallGrace.TotalMilliseconds;
        _nowMs = nowMs ?? (() => Environment.TickCount64);
        _ownClock = nowMs == null;
    }

    public int InUse { get { lock (_sync) return _leases.Count; } }
    public int Waiting { get { lock (_sync) return _waiters.Count; } }
    public long Evictions => Interlocked.Read(ref _evictions);
    public int HeldBy(IPAddress ip) { lock (_sync) return _held.GetValueOrDefault(ip); }

    /// <summary>A slot now (by evicting a stalled handshake if need be), or null. Never waits.
    /// onEvicted runs (outside any lock) if this lease is later evicted.</summary>
    public Lease? TryEnter(IPAddress ip, Action? onEvicted = null)
    {
        Lease? lease;
        Lease? victim;
        lock (_sync)
        {
            victim = null;
            lease = CanGrantNow(ip, out victim) ? Grant(ip, onEvicted, victim) : null;
        }
        victim?.SignalEvicted();
        return lease;
    }

    /// <summary>Waits for a slot, fairly. Null when maxWait passes first (the caller gives up quietly).</summary>
    public async Task<Lease?> EnterAsync(IPAddress ip, TimeSpan maxWait, CancellationToken ct)
    {
        Lease? now = TryEnterIfNobodyWaits(ip);
        if (now != null) return now;
        Waiter w;
        lock (_sync)
        {
            w = new Waiter(ip, _order++);
            _waiters.Add(w);
            // Waiters may become servable when a holder's grace runs out: look again a few times per grace.
            long period = Math.Clamp(_graceMs / 4, 50, 500);
            if (_ownClock) _tick ??= new Timer(_ => Tick(), null, period, period);
        }
        Tick();
        try { return await w.Granted.Task.WaitAsync(maxWait, ct); }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            lock (_sync)
            {
                if (_waiters.Remove(w)) { if (e is TimeoutException) return null; throw; }
            }
            // Granted at the last moment: give it back.
            (await w.Granted.Task)?.Dispose();
            if (e is TimeoutException) return null;
            throw;
        }
    }

    /// <summary>Serves waiters that can be served now (free slots, or evictions once a holder's grace ran out).</summary>
    public void Tick()
    {
        List<Lease>? evicted = null;
        List<(Waiter, Lease)>? granted = null;
        lock (_sync)
        {
            while (NextServable() is var (w, victim))
            {
                _waiters.Remove(w);
                if (victim != null) (evicted ??= new()).Add(victim);
                (granted ??= new()).Add((w, Grant(w.Ip, null, victim)));
            }
        }
        if (evicted != null) foreach (var v in evicted) v.SignalEvicted();
        if (granted != null)
            foreach (var (w, lease) in granted)
                if (!w.Granted.TrySetResult(lease)) lease.Dispose();
    }

    private Lease? TryEnterIfNobodyWaits(IPAddress ip)
    {
        lock (_sync)
            if (_waiters.Count == 0 && _leases.Count < _capacity && _held.GetValueOrDefault(ip) < _perIpCap)
                return Grant(ip, null, null);
        return null;
    }

    // Under _sync. True if ip may have a slot now; victim = the lease to evict for it (or null).
    private bool CanGrantNow(IPAddress ip, out Lease? victim)
    {
        victim = null;
        int mine = _held.GetValueOrDefault(ip);
        long now = _nowMs();
        if (mine >= _perIpCap)
        {
            victim = OldestStalled(l => l.Ip.Equals(ip), now);   // only its own stalled handshake
            return victim != null;
        }
        if (_leases.Count < _capacity) return true;
        victim = OldestStalled(l => _held[l.Ip] > mine, now, preferHeaviest: true);
        return victim != null;
    }

    private Lease? OldestStalled(Func<Lease, bool> eligible, long now, bool preferHeaviest = false)
    {
        Lease? best = null;
        foreach (var l in _leases)
        {
            if (now - l.GrantedMs < _graceMs || !eligible(l)) continue;
            if (best == null) { best = l; continue; }
            int hl = _held[l.Ip], hb = _held[best.Ip];
            if (preferHeaviest && hl != hb) { if (hl > hb) best = l; }
            else if (l.GrantedMs < best.GrantedMs) best = l;
        }
        return best;
    }

    // Under _sync: the fairest waiter (its IP holding the fewest slots, ties to the longest waiting;
    // IPs at their cap wait for their own releases) if it can have a slot now, and its victim if any.
    // One pass: if the fairest cannot be served, nobody can (a victim for it is one for all).
    private (Waiter, Lease?)? NextServable()
    {
        Waiter? best = null;
        int bestHeld = int.MaxValue;
        foreach (var w in _waiters)
        {
            int held = _held.GetValueOrDefault(w.Ip);
            if (held >= _perIpCap) continue;
            if (held < bestHeld || (held == bestHeld && w.Order < best!.Order)) { best = w; bestHeld = held; }
        }
        return best != null && CanGrantNow(best.Ip, out Lease? victim) ? (best, victim) : null;
    }

    // Under _sync: the victim (if any) leaves, the new lease takes its place.
    private Lease Grant(IPAddress ip, Action? onEvicted, Lease? victim)
    {
        if (victim != null)
        {
            victim.WasEvicted = true;
            Remove(victim);
            _evictions++;
        }
        var lease = new Lease(this, ip, _nowMs(), onEvicted);
        _leases.Add(lease);
        _held[ip] = _held.GetValueOrDefault(ip) + 1;
        return lease;
    }

    private void Release(Lease lease)
    {
        bool waiters;
        lock (_sync) { Remove(lease); waiters = _waiters.Count > 0; }
        if (waiters) Tick();
    }

    // Under _sync; idempotent.
    private void Remove(Lease lease)
    {
        if (lease.Released) return;
        lease.Released = true;
        _leases.Remove(lease);
        int n = _held[lease.Ip] - 1;
        if (n == 0) _held.Remove(lease.Ip); else _held[lease.Ip] = n;
    }

    public void Dispose() { lock (_sync) _tick?.Dispose(); }
}
