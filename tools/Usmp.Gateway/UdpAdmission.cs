// Who may start a UDP handshake (spec §8 "before a UDP handshake starts"), and at what cost:
//   cookie-less HELLO -> a HELLO_RETRY only within the cookie budget (CookieBudget: per source
//                        address and global, so forged HELLOs with a victim's IP cannot starve it);
//   cookie HELLO      -> the cookie must verify (§8), the IP must not be locked out (§9), the cookie
//                        must not have started a handshake already (CookieLedger), and there must
//                        be a slot: 2 x max_connections in total and 3 per IP (§8), shared fairly,
//                        a stalled handshake evicted rather than the newcomer refused (HandshakeSlots).
// A refusal here is a silent drop (no UTACK; the client's ARQ resends) and never counts as a
// failure of the IP. Thread-safe.
using System.Net;
using Usmp.Native;

namespace Usmp.Gateway;

internal sealed class UdpAdmission : IDisposable
{
    private const int LedgerEntries = 100_000;
    private readonly UdpCookie _cookie;
    private readonly HandshakeLimiter _limiter;
    private readonly CookieBudget _budget;
    private readonly CookieLedger _ledger = new(LedgerEntries);
    private readonly HandshakeSlots _slots;
    private readonly object _sync = new();

    public UdpAdmission(GatewayOptions options, HandshakeLimiter limiter, UdpCookie cookie)
    {
        _cookie = cookie;
        _limiter = limiter;
        _budget = new CookieBudget(options.CookieBucketCapacity, options.CookieTokensPerSecond, options.CookieBucketTableSize, options.CookieGlobalPerSecond);
        _slots = new HandshakeSlots(2 * options.MaxConnections, options.MaxUdpHandshakesPerIp, options.HandshakeStallGrace);
    }

    public HandshakeSlots Slots => _slots;

    /// <summary>§8: the cookie for a HELLO_RETRY to this address, or null when the budget says no.</summary>
    public byte[]? IssueCookie(IPEndPoint to)
    {
        if (!_budget.TryTake(to)) return null;
        long bucket = _cookie.CurrentBucket;
        lock (_sync) _ledger.Rearm(to, bucket);
        return _cookie.Compute(to, bucket);
    }

    /// <summary>§8 cookie HELLO: null and a slot when the handshake may start, else why not.
    /// onEvicted runs if the slot is later taken from this handshake.</summary>
    public RefusalReason? Admit(IPEndPoint from, ReadOnlySpan<byte> cookie, Action onEvicted, out HandshakeSlots.Lease? slot)
    {
        slot = null;
        long? bucket = _cookie.VerifiedBucket(from, cookie[..UsmpConstants.CookieSize]);
        if (bucket == null) return RefusalReason.BadCookie;
        if (_limiter.IsLockedOut(from.Address)) return RefusalReason.LockedOut;
        lock (_sync)
            if (!_ledger.TryUse(from, bucket.Value, _cookie.CurrentBucket)) return RefusalReason.CookieReused;
        slot = _slots.TryEnter(from.Address, onEvicted);   // outside the lock: it may run another handshake's onEvicted
        if (slot != null) return null;
        lock (_sync) _ledger.Rearm(from, bucket.Value);     // not started: the client's resend may still use it
        return RefusalReason.TooManyHandshakes;
    }

    /// <summary>The janitor's pass: forgets expired cookies.</summary>
    public void Prune()
    {
        lock (_sync) _ledger.Prune(_cookie.CurrentBucket);
    }

    public void Dispose() => _slots.Dispose();
}
