// The client's timing rules around an established session (§9, §11 usmp_keepalive_tick):
//   keepalive  KeepaliveIdleMs > 0: a PING is due once that long has passed since the last transmit;
//   watchdog   RxWatchdogMs > 0: no authenticated frame for that long means the gateway is gone
//              (a live one answers every keepalive PING), and no receive waits past that point.
// Reads the options on every call (the owner may change them between connects). Pure arithmetic
// on the session's timestamps: no allocation, no secrets, never throws.
namespace Usmp
{
    internal sealed class KeepaliveTimer
    {
        private readonly UsmpClientOptions _options;
        private readonly IClock _clock;

        public KeepaliveTimer(UsmpClientOptions options, IClock clock)
        {
            _options = options;
            _clock = clock;
        }

        /// <summary>True when keepalive is on and KeepaliveIdleMs passed since the session last sent.</summary>
        public bool PingDue(Session session)
        {
            if (_options.KeepaliveIdleMs <= 0)
            {
                return false;
            }
            return _clock.NowMilliseconds - session.LastTxMillis >= _options.KeepaliveIdleMs;
        }

        /// <summary>True (with the silence in ms) when the watchdog is on and has run out.</summary>
        public bool GatewaySilent(Session session, out long silentMs)
        {
            silentMs = 0;
            if (_options.RxWatchdogMs <= 0)
            {
                return false;
            }
            silentMs = _clock.NowMilliseconds - session.LastRxMillis;
            return silentMs >= _options.RxWatchdogMs;
        }

        /// <summary>timeoutMs, shortened so that a receive never waits past the watchdog deadline.</summary>
        // GatewaySilent and the receive timeout in one pass (one clock read), for the receive path: -1
        // when the gateway has been silent for RxWatchdogMs (silentMs says how long), else
        // timeoutMs cut to what is left of the watchdog.
        public int ReceiveTimeout(Session session, int timeoutMs, out long silentMs)
        {
            silentMs = 0;
            int watchdog = _options.RxWatchdogMs;
            if (watchdog <= 0)
            {
                return timeoutMs;
            }
            silentMs = _clock.NowMilliseconds - session.LastRxMillis;
            long left = watchdog - silentMs;
            if (left <= 0)
            {
                return -1;
            }
            return timeoutMs > left ? (int)left : timeoutMs;
        }
    }
}
