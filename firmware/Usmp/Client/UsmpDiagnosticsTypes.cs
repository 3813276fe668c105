// What a UsmpClient reports while it works (issue 13): the event delegates, the close reasons and
// the log levels. Non-generic delegates with plain arguments, so raising an event allocates
// nothing (nanoFramework has no Action<T>/EventArgs<T>); the session id string of Connected is
// built once per handshake anyway. Handlers run on the client's thread, inside Send/Receive/
// KeepaliveTick; a handler that throws is logged (Error) and ignored, never ends the session.
using System;

namespace Usmp
{
    /// <summary>The handshake finished: sessionId = 32 hex digits, udp = datagram transport, handshakeMs = Connect's handshake time.</summary>
    public delegate void UsmpConnectedHandler(UsmpClient sender, string sessionId, bool udp, int handshakeMs);

    /// <summary>New session keys (§7 REKEY): epoch = the key epoch now in use (1, 2, ...), byGateway = the gateway started it.</summary>
    public delegate void UsmpRekeyedHandler(UsmpClient sender, uint epoch, bool byGateway);

    /// <summary>UDP: frame (packetType, seq) sent again for lack of a UTACK; attempt 1 = first retransmission (at most 4).</summary>
    public delegate void UsmpRetransmittedHandler(UsmpClient sender, byte packetType, uint seq, int attempt);

    /// <summary>UDP: an inbound frame was dropped (TCP refuses by ending the session with an exception instead).</summary>
    public delegate void UsmpFrameDroppedHandler(UsmpClient sender, DropReason reason);

    /// <summary>An established session ended; error is the exception that ended it (null for Local and GatewayBye).</summary>
    public delegate void UsmpClosedHandler(UsmpClient sender, CloseReason reason, Exception error);

    /// <summary>The log hook, like the reference's usmp_port_log(level, tag, msg): route it to Debug.WriteLine, Console or a file.</summary>
    public delegate void UsmpLogHandler(UsmpLogLevel level, string tag, string message);

    /// <summary>Why an established session ended.</summary>
    public enum CloseReason
    {
        Local = 1,          // Close() or Reconnect(): courtesy BYE sent
        GatewayBye = 2,     // the gateway sent BYE
        GatewaySilent = 3,  // RxWatchdogMs passed without an authenticated frame
        Error = 4           // a send, receive or protocol failure (the exception is passed)
    }

    /// <summary>The reference's usmp_log_level_t (usmp_port.h): NONE 0, ERROR 1, WARN 2, INFO 3, DEBUG 4.</summary>
    public enum UsmpLogLevel
    {
        None = 0,
        Error = 1,   // a handshake failed, a session ended on an error
        Warn = 2,    // UDP retransmissions and dropped frames
        Info = 3,    // connected, rekeyed, closed
        Debug = 4    // every message sent and received (length)
    }
}
