// What one inbound frame meant for the application (Session.Accept's result, §7).
namespace Usmp
{
    public enum SessionEvent
    {
        None,     // nothing for the application (a fragment, an answered PING, a REKEY)
        Message,  // a whole message is in MessageBuffer[0..MessageLength)
        Pong,     // a PONG arrived
        Closed,   // the peer said BYE; the session is closed
        Dropped   // UDP only: the frame was refused and ignored (§4, §8)
    }
}
