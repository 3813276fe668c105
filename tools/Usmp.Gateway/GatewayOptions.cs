// Limits and timers of the gateway. Defaults are the Python server's (spec §9, §8).
namespace Usmp.Gateway;

public sealed class GatewayOptions
{
    /// <summary>§9 handshake_timeout. Counted from when the handshake gets its slot (the reference also counts
    /// the wait for it, so a device's time in the queue became its own failure): TCP allows this long for
    /// the HELLO, then at most this long waiting for a slot (never a failure), then this long for the rest.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>§9 session_timeout: no authenticated inbound frame for this long closes the session.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>§9: at most this many handshakes run at once (the handshake semaphore).</summary>
    public int MaxConcurrentHandshakes { get; set; } = 10;

    /// <summary>§7 key rotation: once this many messages were sent to a device under the current keys, the
    /// gateway starts a REKEY before the next one (0 = never, the reference's behaviour). Bounds how much
    /// one key seals and lets a device author test its responder side.</summary>
    public int RekeyAfterMessages { get; set; }

    /// <summary>§9 max_connections: TCP connections and UDP sessions in total.</summary>
    public int MaxConnections { get; set; } = 100;

    /// <summary>§9 max_connections_per_ip.</summary>
    public int MaxConnectionsPerIp { get; set; } = 5;

    /// <summary>§9 limiter: failures before an IP is locked out.</summary>
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>§9 limiter: lockout = min(LockoutCap, 2^(fails - LockoutThreshold)) seconds.</summary>
    public TimeSpan LockoutCap { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>§9 limiter: at most this many IPs tracked, the oldest evicted.</summary>
    public int LimiterTableSize { get; set; } = 1000;

    /// <summary>§9 limiter: an entry is forgotten after this long without a failure, counted from the end
    /// of its last lockout (the reference also forgets it when a lockout ends; we do not: HandshakeLimiter).</summary>
    public TimeSpan LimiterPruneAfter { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>§8: UDP handshakes in progress per IP.</summary>
    public int MaxUdpHandshakesPerIp { get; set; } = 3;

    /// <summary>§8 cookie issuance: a token bucket per source ADDRESS (ip, port; the reference keys it by
    /// IP, which lets forged HELLOs with a victim's IP starve it): capacity, refill per second,
    /// addresses tracked; and a global cap per second over all addresses (CookieBudget).</summary>
    public int CookieBucketCapacity { get; set; } = 10;
    public double CookieTokensPerSecond { get; set; } = 5;
    public int CookieBucketTableSize { get; set; } = 10_000;
    public double CookieGlobalPerSecond { get; set; } = 10_000;

    /// <summary>A handshake granted a slot this long ago without completing may be evicted for a peer
    /// from a less busy IP when every slot is taken (HandshakeSlots). A real device answers in a round trip.</summary>
    public TimeSpan HandshakeStallGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>§8: ARQ attempts per frame write and the RTO clamp.</summary>
    public int ArqAttempts { get; set; } = 5;

    /// <summary>§8: each UDP stream's read buffer cap, in bytes.</summary>
    public int UdpStreamBufferCap { get; set; } = 4096;

    /// <summary>TCP: bytes queued for a peer beyond what the kernel took; more ends the session (a peer
    /// that never reads). A write with no progress for SessionTimeout also ends it (TcpSessionSender).</summary>
    public int TcpSendQueueBytes { get; set; } = 64 * 1024;

    /// <summary>TCP: each connection's kernel send buffer (SO_SNDBUF; 0 = the kernel's autotuning, up to
    /// 4 MiB on Linux), so a peer that never reads pins this much kernel memory, not megabytes.</summary>
    public int TcpSendBufferBytes { get; set; } = 64 * 1024;

    /// <summary>Refusal log lines (RefusalLog): written back to back, then per second; the rest are counted.</summary>
    public int RefusalLogBurst { get; set; } = 10;
    public double RefusalLogPerSecond { get; set; } = 1;

    /// <summary>Messages queued for a handler that has not read them yet (per session).</summary>
    public int InboundQueueCapacity { get; set; } = 64;

    /// <summary>Called before a session is closed by the watchdog: (device_id, session_id).</summary>
    public Action<string, string>? OnTimeout { get; set; }

    internal void Validate()
    {
        if (HandshakeTimeout <= TimeSpan.Zero) throw new ArgumentException("handshake timeout must be > 0");
        if (SessionTimeout <= TimeSpan.Zero) throw new ArgumentException("session timeout must be > 0");
        if (MaxConcurrentHandshakes < 1) throw new ArgumentException("max concurrent handshakes must be >= 1");
        if (MaxConnections < 1) throw new ArgumentException("max connections must be >= 1");
        if (MaxConnectionsPerIp < 1) throw new ArgumentException("max connections per IP must be >= 1");
        if (HandshakeStallGrace < TimeSpan.Zero) throw new ArgumentException("handshake stall grace must be >= 0");
        if (TcpSendQueueBytes < UsmpConstants.MaxFrame) throw new ArgumentException($"TCP send queue must hold at least one frame ({UsmpConstants.MaxFrame} bytes)");
    }
}
