// How far a client handshake got (HandshakeDriver.Stage), and what a UDP handshake that stalled
// there most likely means. Over UDP the gateway never says why it refused (§8: silent drops), so
// the stage is the only clue: the exception message names the likely causes and what to do, in
// one line. Built only on the failure path.
namespace Usmp
{
    internal enum HandshakeStage
    {
        NotStarted = 0,
        AwaitingCookie = 1,      // HELLO sent: waiting for its UTACK and HELLO_RETRY(cookie) (UDP)
        AwaitingChallenge = 2,   // HELLO (+ cookie over UDP) sent: waiting for CHALLENGE
        AwaitingSessionOk = 3,   // HELLO_ACK (our PSK proof) sent: waiting for SESSION_OK
        Done = 4
    }

    internal static class HandshakeDiagnosis
    {
        /// <summary>One line for a UDP handshake that timed out or got no UTACK at stage; null when the stage says nothing.</summary>
        public static string ExplainUdp(HandshakeStage stage, int timeoutMs)
        {
            switch (stage)
            {
                case HandshakeStage.AwaitingCookie:
                    return "UDP handshake: no answer to HELLO within " + timeoutMs.ToString()
                        + " ms: the gateway is down, the address or port is wrong, or UDP is blocked; check the gateway runs and listens on UDP there";
                case HandshakeStage.AwaitingChallenge:
                    return "UDP handshake: the cookie was never answered with CHALLENGE: the gateway refused the HELLO (this IP locked out after failed handshakes, e.g. a wrong PSK, too many handshakes from it, or a NAT that changed the address); check the PSK and retry in a minute";
                case HandshakeStage.AwaitingSessionOk:
                    return "UDP handshake: no SESSION_OK after our PSK proof: most likely a wrong PSK (the gateway drops a bad proof silently), or its per-IP session limit is full of abandoned sessions; check the PSK matches the gateway's and end sessions with Close() (BYE)";
                default:
                    return null;
            }
        }
    }
}
