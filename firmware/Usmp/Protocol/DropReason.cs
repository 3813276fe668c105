// Why an inbound frame was dropped (UDP: refused frames are dropped silently, §4/§8; TCP throws
// instead). Reported by Session.LastDropReason, UdpTransport's ITransportObserver and the
// client's FrameDropped event and UsmpCounters. Plain enum: no allocation to pass or compare.
namespace Usmp
{
    public enum DropReason
    {
        None = 0,
        BadTag = 1,     // did not authenticate (GCM tag or carried nonce): forged, or a wrong key
        Replay = 2,     // a seq already accepted: a duplicate (an honest retransmission whose UTACK was lost, or a replay)
        Stale = 3,      // older than the 64-entry replay window (or than every live key epoch): never opened
        Malformed = 4,  // size, magic, version, CRC or payload-length checks failed
        Overflow = 5,   // the 4096-byte read queue was full, or the terminal seq 0xFFFFFFFF
        Protocol = 6    // authenticated but breaks a rule (handshake type in a session, control frame mid-message, REKEY collision, fragment gap)
    }
}
