// A cookie starts at most one handshake (issue 10 class 4). The §8 cookie is valid for 30-60 s
// and, in the reference, for any number of handshakes: one captured cookie HELLO, replayed each
// time its handshake is dropped, kept a handshake slot busy for a minute per cookie. The cookie
// itself is unchanged (the reference's bytes, opaque to the client); the gateway remembers which
// (source address, time bucket) cookies have started a handshake, until the cookie expires. A new
// HELLO_RETRY to that address re-arms it (a reconnecting device gets the same cookie in the same
// bucket), so each handshake costs the address one cookie from its budget (CookieBudget).
// Bounded: entries live at most two buckets, and past MaxEntries new handshakes are refused
// (fail closed) rather than forgetting which cookies were used. Not thread-safe: the UDP receive
// loop and its janitor call it under the admission lock.
using System.Net;

namespace Usmp.Gateway;

internal sealed class CookieLedger(int maxEntries)
{
    private readonly HashSet<(IPEndPoint Address, long Bucket)> _used = new();

    public int Count => _used.Count;

    /// <summary>Marks the cookie of (address, bucket) as used; false if it already started a handshake (or the ledger is full).</summary>
    public bool TryUse(IPEndPoint address, long bucket, long currentBucket)
    {
        if (_used.Contains((address, bucket))) return false;
        if (_used.Count >= maxEntries) Prune(currentBucket);
        if (_used.Count >= maxEntries) return false;
        _used.Add((address, bucket));
        return true;
    }

    /// <summary>A HELLO_RETRY for this bucket was just sent to the address: its cookie may start one more handshake.</summary>
    public void Rearm(IPEndPoint address, long bucket) => _used.Remove((address, bucket));

    /// <summary>Forgets cookies older than the previous bucket (they no longer verify anyway).</summary>
    public void Prune(long currentBucket) => _used.RemoveWhere(e => e.Bucket < currentBucket - 1);
}
