// Runs the client handshake (§3; over UDP with the §8 cookie round trip) over an IFrameTransport
// within one deadline: ClientHandshake makes and checks the messages, this class only moves them.
//
//   TCP:  HELLO -> CHALLENGE -> HELLO_ACK -> SESSION_OK
//   UDP:  HELLO -> HELLO_RETRY(cookie) -> HELLO+cookie -> CHALLENGE -> HELLO_ACK -> SESSION_OK
//
// The frame buffers are the client's (allocated once per client). A frame that does not come
// before the deadline throws UsmpTimeoutException; ClientHandshake's own failures are sticky and
// wipe its secrets. Abort wipes them when the failure came from elsewhere (transport, timeout).
// Secrets: the ClientHandshake in progress (ephemeral key, PSK copy, key block); it is handed over
// as SessionKeys by Run, or wiped by Abort.
namespace Usmp
{
    internal sealed class HandshakeDriver
    {
        private readonly UsmpClientOptions _options;
        private readonly IFrameTransport _transport;
        private readonly IClock _clock;
        private readonly byte[] _txFrame;
        private readonly byte[] _rxFrame;
        private ClientHandshake _handshake;
        private HandshakeStage _stage;

        public HandshakeDriver(UsmpClientOptions options, IFrameTransport transport, IClock clock, byte[] txFrame, byte[] rxFrame)
        {
            _options = options;
            _transport = transport;
            _clock = clock;
            _txFrame = txFrame;
            _rxFrame = rxFrame;
        }

        /// <summary>True between the start of Run and its end (success, or Abort after a failure).</summary>
        public bool InProgress
        {
            get { return _handshake != null; }
        }

        /// <summary>How far the last Run got (diagnostics: the UDP failure message names the likely cause).</summary>
        public HandshakeStage Stage
        {
            get { return _stage; }
        }

        public void ResetStage()
        {
            _stage = HandshakeStage.NotStarted;
        }

        /// <summary>§3: the whole handshake; returns the session keys once SESSION_OK verified.</summary>
        public SessionKeys Run(long deadline)
        {
            _stage = HandshakeStage.NotStarted;
            ClientHandshake handshake = new ClientHandshake(_options.DeviceId, _options.Psk, _options.Random);
            _handshake = handshake;
            if (_options.EphemeralPrivateKeyForTests != null)
            {
                handshake.InjectEphemeralPrivateKey(_options.EphemeralPrivateKeyForTests);
            }
            _stage = _transport.IsDatagram ? HandshakeStage.AwaitingCookie : HandshakeStage.AwaitingChallenge;
            _transport.SendFrame(_txFrame, 0, handshake.CreateHello(_txFrame, 0));
            if (_transport.IsDatagram)
            {
                // §8: the gateway answers a cookie-less HELLO with HELLO_RETRY(cookie).
                handshake.ConsumeHelloRetry(_rxFrame, 0, ReceiveFrame(deadline));
                _stage = HandshakeStage.AwaitingChallenge;
                _transport.SendFrame(_txFrame, 0, handshake.CreateHelloWithCookie(_txFrame, 0));
            }
            handshake.ConsumeChallenge(_rxFrame, 0, ReceiveFrame(deadline));
            _stage = HandshakeStage.AwaitingSessionOk;
            _transport.SendFrame(_txFrame, 0, handshake.CreateHelloAck(_txFrame, 0));
            handshake.ConsumeSessionOk(_rxFrame, 0, ReceiveFrame(deadline));
            _stage = HandshakeStage.Done;
            SessionKeys keys = handshake.TakeSessionKeys();
            _handshake = null;
            return keys;
        }

        /// <summary>Wipes the secrets of a handshake left unfinished. Idempotent; never throws.</summary>
        public void Abort()
        {
            ClientHandshake handshake = _handshake;
            _handshake = null;
            if (handshake != null)
            {
                handshake.Abort();
            }
        }

        private int ReceiveFrame(long deadline)
        {
            long remaining = deadline - _clock.NowMilliseconds;
            int length = remaining > 0 ? _transport.ReceiveFrame(_rxFrame, 0, (int)remaining) : 0;
            if (length == 0)
            {
                throw new UsmpTimeoutException("handshake timed out");
            }
            return length;
        }
    }
}
