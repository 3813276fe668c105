// The client's inbound pump for an established session: takes frames from the transport where
// they lie in its receive buffer (IInPlaceFrameSource; any other transport copies into the
// client's frame buffer, allocated once) and feeds them to Session.Accept, which opens them from
// there, until an event the caller wants, or the timeout. PING (answered with PONG by the Session) and REKEY
// stay inside; PONGs are counted, and returned when the caller asks to wait for one.
// Over UDP the Session itself acknowledges what it accepted (through the transport, an
// IUtackSink), under the key epoch that opened the frame, so nothing has to be kept in step here.
// Diagnostics: every frame read, every drop (with Session.LastDropReason), every PONG and a REKEY
// started by the gateway go to the client (counters, events). No allocation.
namespace Usmp
{
    internal sealed class SessionReceiver
    {
        private readonly IFrameTransport _transport;
        private readonly IInPlaceFrameSource _inPlace;   // the same transport, when it can (TCP, UDP)
        private readonly IClock _clock;
        private readonly byte[] _rxFrame;
        private readonly IFrameSink _replySink;
        private readonly UsmpClient _client;
        private readonly UsmpCounters _counters;
        private int _pongs;

        /// <param name="replySink">Where PONGs and UTACKs go (the client's CountingSink over the transport).</param>
        public SessionReceiver(IFrameTransport transport, IClock clock, byte[] rxFrame, IFrameSink replySink, UsmpClient client, UsmpCounters counters)
        {
            _counters = counters;
            _transport = transport;
            _inPlace = transport as IInPlaceFrameSource;
            _clock = clock;
            _rxFrame = rxFrame;
            _replySink = replySink;
            _client = client;
        }

        /// <summary>PONGs received since the last ResetPongs (Connect).</summary>
        public int Pongs
        {
            get { return _pongs; }
        }

        public void ResetPongs()
        {
            _pongs = 0;
        }

        /// <summary>
        /// Frames until a Message or Closed event (or, with stopAtPong, a Pong), or the timeout
        /// (None). Exceptions from the transport and from Session.Accept pass through.
        /// </summary>
        public SessionEvent Receive(Session session, int timeoutMs, bool stopAtPong)
        {
            int timeout = timeoutMs < 0 ? 0 : timeoutMs;
            long deadline = _clock.NowMilliseconds + timeout;
            long remaining = timeout;   // the first wait needs no second clock read
            while (true)
            {
                byte[] frame = _rxFrame;
                int offset = 0;
                int length = _inPlace != null ? _inPlace.ReceiveFrame(timeout, out frame, out offset) : _transport.ReceiveFrame(_rxFrame, 0, timeout);
                if (length == 0)
                {
                    return SessionEvent.None;
                }
                _counters.framesReceived++;   // every frame handed to the session, dropped ones included
                _counters.bytesReceived += length;
                uint epoch = session.TxEpoch;
                SessionEvent received = session.Accept(frame, offset, length, _replySink);
                if (received == SessionEvent.Message || received == SessionEvent.Closed)
                {
                    return received;
                }
                if (received == SessionEvent.Dropped)
                {
                    _client.OnDropped(session.LastDropReason);
                }
                else if (session.TxEpoch != epoch)
                {
                    _client.OnRekeyed(session.TxEpoch, true);   // the gateway's REKEY, applied
                }
                if (received == SessionEvent.Pong)
                {
                    _pongs++;
                    _client.OnPong();
                    if (stopAtPong)
                    {
                        return received;
                    }
                }
                if (remaining <= 0)
                {
                    return SessionEvent.None;
                }
                remaining = deadline - _clock.NowMilliseconds;
                timeout = remaining > 0 ? (int)remaining : 0;
            }
        }
    }
}
