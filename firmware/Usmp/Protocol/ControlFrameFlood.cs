// §7 control-frame flood limit (the reference Python gateway's rule): more than FloodLimit (8)
// PING/PONG frames within one FloodWindowMillis (1.0 s) window closes the session.
//
// The window starts at the first counted frame and restarts at the first frame counted after it
// has run out (a fixed window, not a sliding one, as the reference does). Only authenticated
// PING/PONG frames outside a fragmented message are counted (Session decides that).
// No allocation, no secrets.
namespace Usmp
{
    internal sealed class ControlFrameFlood
    {
        private long _windowStart;
        private int _count;

        /// <summary>Counts one PING/PONG received at now; true when the limit is exceeded.</summary>
        public bool CountAndCheck(long now)
        {
            if (_count == 0 || now - _windowStart >= UsmpConstants.FloodWindowMillis)
            {
                _windowStart = now;
                _count = 0;
            }
            _count++;
            return _count > UsmpConstants.FloodLimit;
        }
    }
}
