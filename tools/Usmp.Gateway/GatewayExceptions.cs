// Typed outcomes the gateway reports. A refused handshake carries a reason for the one log line
// it produces; nothing in here ever carries key material.
namespace Usmp.Gateway;

public enum RefusalReason
{
    MalformedFrame,     // bad magic, version, length, CRC or unknown type (§1, §4)
    UnexpectedMessage,  // the wrong message type or length for this step (§4)
    UnknownDevice,      // no PSK for this device_id (§3 step 1); with a decoy key, refused at HELLO_ACK (DecoyPsk)
    BadProof,           // HELLO_ACK's HMAC did not verify: wrong PSK (§3 step 4)
    ZeroSharedSecret,   // X25519 gave all zeros (§3 step 3)
    Timeout,            // handshake_timeout elapsed (§9)
    LockedOut,          // the IP is locked out by the limiter (§9)
    TooManyConnections, // max_connections reached (§9)
    TooManyPerIp,       // max_connections_per_ip reached (§9)
    TooManyHandshakes,  // handshake slots exhausted (§8, §9)
    BadCookie,          // UDP HELLO with a cookie that is not current or previous (§8)
    CookieReused,       // UDP HELLO with a cookie that already started a handshake (CookieLedger)
    PeerClosed,         // clean disconnect or socket error: not counted as a failure (§4)
    Evicted,            // a stalled handshake whose slot went to another IP: not counted (HandshakeSlots)
}

public class GatewayException : Exception
{
    public GatewayException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A handshake the gateway refused. Counted by the limiter unless the reason is PeerClosed or Evicted.</summary>
public sealed class HandshakeRefusedException : GatewayException
{
    public HandshakeRefusedException(RefusalReason reason, string detail)
        : base($"handshake refused: {reason}: {detail}") { Reason = reason; }

    public RefusalReason Reason { get; }
    public bool CountsAsFailure => Reason is not (RefusalReason.PeerClosed or RefusalReason.Evicted);
}

/// <summary>The session has ended; <see cref="Reason"/> says why.</summary>
public sealed class SessionClosedException : GatewayException
{
    public SessionClosedException(string reason) : base($"session closed: {reason}") { Reason = reason; }
    public string Reason { get; }
}

/// <summary>ReceiveAsync / PingAsync gave up after its timeout; the session stays open.</summary>
public sealed class GatewayTimeoutException : GatewayException
{
    public GatewayTimeoutException(string what) : base($"timed out waiting for {what}") { }
}
