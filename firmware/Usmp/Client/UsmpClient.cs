// The USMP device client: the C API of spec usmp-v2.md §11 (connect, send, recv with timeout,
// ping, rekey, keepalive tick, close, is-connected) in nanoFramework C#, over any IFrameTransport.
//
//   UsmpClient client = UsmpClient.CreateTcp("192.168.1.10", 9000, options);
//   client.ConnectWithRetry();
//   client.Send(reading, 0, length);
//   int n = client.Receive(buffer, 0, 1000);     // 0 = nothing within 1 s
//   client.KeepaliveTick();                      // call from the main loop
//   client.Ping();                               // then TryReceive(..., out pong) until pong
//   client.Close();                              // courtesy BYE, keys wiped
//
// Connect runs the ClientHandshake (§3; over UDP with the §8 cookie round trip) within
// HandshakeTimeoutMs and installs the session keys in the transport right after SESSION_OK
// verifies (§3, last paragraph). Failures throw the typed UsmpException subclasses; EVERY
// failure of a connected client ends the session cleanly first: keys wiped, transport closed,
// IsConnected false. Argument errors (ArgumentException, a message over 1808 bytes) do not.
//
// The parts: HandshakeDriver (§3 over the transport), SessionReceiver (frames in, §7/§8),
// KeepaliveTimer (§9 keepalive and the RX watchdog), EndPointResolver (host names),
// ReconnectPolicy (ConnectWithRetry/Reconnect, UsmpClient.Reconnect.cs), Session (§5-§7).
// Frugal: the frame buffers are allocated once per client, the session's once per session;
// after the handshake Send/Receive allocate nothing. Not thread-safe: use one thread.
using System;
using System.Threading;

namespace Usmp
{
    public sealed partial class UsmpClient
    {
        private readonly UsmpClientOptions _options;
        private readonly IFrameTransport _transport;
        private readonly IClock _clock;
        private readonly HandshakeDriver _handshake;
        private readonly KeepaliveTimer _timer;
        private readonly SessionReceiver _receiver;
        private readonly CountingSink _sink;
        private readonly byte[] _txFrame = new byte[UsmpConstants.MaxFrame];
        private readonly byte[] _rxFrame = new byte[UsmpConstants.MaxFrame];
        private Session _session;
        private Session _lastSession;
        private SessionKeys _keys;
        private string _sessionIdText;

        public UsmpClient(UsmpClientOptions options, IFrameTransport transport)
        {
            if (options == null)
            {
                throw new ArgumentNullException("options");
            }
            if (transport == null)
            {
                throw new ArgumentNullException("transport");
            }
            options.Validate();
            _options = options;
            _transport = transport;
            _clock = options.Clock != null ? options.Clock : new SystemClock();
            _handshake = new HandshakeDriver(options, transport, _clock, _txFrame, _rxFrame);
            _timer = new KeepaliveTimer(options, _clock);
            _sink = new CountingSink(transport, _counters);
            _receiver = new SessionReceiver(transport, _clock, _rxFrame, _sink, this, _counters);
            UdpTransport udp = transport as UdpTransport;
            if (udp != null)
            {
                udp.Observer = this;   // retransmissions and transport-level drops (UsmpClient.Diagnostics.cs)
            }
        }

        // ---- state ----

        public bool IsConnected { get { return _session != null && _session.IsOpen; } }

        public IFrameTransport Transport { get { return _transport; } }

        // PONGs received since Connect (PING answers are swallowed by Receive, §7).
        public int PongsReceived { get { return _receiver.Pongs; } }

        // The current session's id (§3 SESSION_OK) as 32 lowercase hex digits, the gateway's
        // spelling; null when not connected. Built once per Connect (no allocation per call).
        public string SessionId { get { return IsConnected ? _sessionIdText : null; } }

        // Copies the 16-byte session id to destination[offset..offset+16) (no allocation).
        // NotConnectedException when not connected.
        public void CopySessionId(byte[] destination, int offset)
        {
            RequireSession();
            _keys.CopySessionId(destination, offset);
        }

        // ---- connect ----

        // §3: HELLO -> [UDP: HELLO_RETRY -> HELLO+cookie] -> CHALLENGE -> HELLO_ACK -> SESSION_OK.
        public void Connect()
        {
            if (IsConnected)
            {
                throw new InvalidOperationException("already connected: Close or Reconnect first");
            }
            if (_session != null || _handshake.InProgress)
            {
                Fail(CloseReason.Error, null);
            }
            _handshake.ResetStage();
            long started = _clock.NowMilliseconds;
            try
            {
                _transport.Open();
                RunHandshake(started + _options.HandshakeTimeoutMs);
                _receiver.ResetPongs();
            }
            catch (Exception e)
            {
                Fail(CloseReason.Error, e);
                _counters.HandshakeFailures++;
                Exception explained = ExplainHandshakeFailure(e);
                if (IsLogEnabled(UsmpLogLevel.Error))
                {
                    Log(UsmpLogLevel.Error, "connect failed: " + explained.Message);
                }
                if (explained != e)
                {
                    throw explained;
                }
                throw;
            }
            OnConnected((int)(_clock.NowMilliseconds - started));
        }

        // ---- session ----

        public void Send(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }
            Send(data, 0, data.Length);
        }

        // §7: up to 1808 bytes, fragmented in 452-byte chunks. Over UDP each frame waits for its UTACK.
        // The arguments are checked once, by Session.Send (ArgumentException, PayloadException over
        // 1808 bytes); those leave the session alone, any other failure ends it.
        public void Send(byte[] data, int offset, int count)
        {
            Session session = _session;   // RequireSession, written out: this runs for every message
            if (session == null)
            {
                ThrowNotConnected();
            }
            try
            {
                session.Send(data, offset, count, _sink);
            }
            catch (Exception e)
            {
                if (!(e is ArgumentException || e is PayloadException))
                {
                    Fail(CloseReason.Error, e);
                }
                throw;
            }
            _counters.messagesSent++;
            if (_logLevel == UsmpLogLevel.Debug && IsLogEnabled(UsmpLogLevel.Debug))
            {
                LogSent(count);
            }
        }

        // Waits up to timeoutMs for one whole message and copies it to buffer[offset..]. Returns its
        // length, or 0 when none arrived (an empty message also returns 0: use TryReceive to tell).
        public int Receive(byte[] buffer, int offset, int timeoutMs)
        {
            int length;
            ReceiveInto(buffer, offset, timeoutMs, false, out length);
            return length;
        }

        // True with the message length when a message arrived within timeoutMs. PING (answered with
        // PONG), PONG and REKEY are handled inside (§7). BYE from the gateway ends the session and
        // throws ConnectionClosedException. A message longer than the buffer throws PayloadException
        // and is dropped (the session continues).
        public bool TryReceive(byte[] buffer, int offset, int timeoutMs, out int length)
        {
            return ReceiveInto(buffer, offset, timeoutMs, false, out length) == SessionEvent.Message;
        }

        // The same, but it also returns as soon as a PONG arrives: then false, length 0, pong true.
        // To wait for the answer to Ping(): call this until pong (messages that arrive first are
        // returned one per call, as by TryReceive, so none is lost). Each PONG is reported once, by
        // the call that received it; PongsReceived counts all of them.
        public bool TryReceive(byte[] buffer, int offset, int timeoutMs, out int length, out bool pong)
        {
            SessionEvent received = ReceiveInto(buffer, offset, timeoutMs, true, out length);
            pong = received == SessionEvent.Pong;
            return received == SessionEvent.Message;
        }

        // §7: an encrypted PING; the PONG is swallowed by a later TryReceive (PongsReceived counts it)
        // or reported by TryReceive(..., out pong).
        public void Ping()
        {
            Session session = RequireSession();
            try
            {
                session.Ping(_sink);
            }
            catch (Exception e)
            {
                Fail(CloseReason.Error, e);
                throw;
            }
        }

        // Message (copied to buffer[offset..], length set), Pong (stopAtPong only) or None.
        private SessionEvent ReceiveInto(byte[] buffer, int offset, int timeoutMs, bool stopAtPong, out int length)
        {
            Session session = _session;   // RequireSession, written out: this runs for every message
            if (session == null)
            {
                ThrowNotConnected();
            }
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }
            if (offset < 0 || offset > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
            length = 0;
            long silent;
            int timeout = _timer.ReceiveTimeout(session, timeoutMs, out silent);
            if (timeout < 0)
            {
                ThrowGatewaySilent(silent);
            }
            SessionEvent received;
            try
            {
                received = _receiver.Receive(session, timeout, stopAtPong);
            }
            catch (Exception e)
            {
                Fail(CloseReason.Error, e);
                throw;
            }
            if (received == SessionEvent.Closed)
            {
                Fail(CloseReason.GatewayBye, null);
                throw new ConnectionClosedException("the gateway closed the session (BYE)");
            }
            if (received != SessionEvent.Message)
            {
                CheckWatchdog(session);
                return received == SessionEvent.Pong ? SessionEvent.Pong : SessionEvent.None;
            }
            int messageLength = session.MessageLength;
            if (messageLength > buffer.Length - offset)
            {
                throw new PayloadException("receive buffer smaller than the message");
            }
            Array.Copy(session.MessageBuffer, 0, buffer, offset, messageLength);
            length = messageLength;
            _counters.messagesReceived++;
            if (_logLevel == UsmpLogLevel.Debug && IsLogEnabled(UsmpLogLevel.Debug))
            {
                LogReceived(messageLength);
            }
            return SessionEvent.Message;
        }

        // §7 REKEY as initiator: over UDP it completes once the gateway acknowledged the REKEY (under
        // the old keys); the session then swaps key epochs (the transport asks it for every UTACK MAC).
        public void Rekey()
        {
            Session session = RequireSession();
            try
            {
                session.Rekey(_sink);
            }
            catch (Exception e)
            {
                Fail(CloseReason.Error, e);
                throw;
            }
            OnRekeyed(session.TxEpoch, false);
        }

        // §9 / §11 usmp_keepalive_tick: sends a PING when KeepaliveIdleMs (> 0) has passed since the
        // last transmit. Returns true when it sent one. Does nothing when not connected. With
        // RxWatchdogMs set, a gateway silent that long ends the session: UsmpTimeoutException.
        public bool KeepaliveTick()
        {
            if (!IsConnected)
            {
                return false;
            }
            CheckWatchdog(_session);
            _session.Tick();   // ends a REKEY grace on time even without traffic
            if (!_timer.PingDue(_session))
            {
                return false;
            }
            Ping();
            return true;
        }

        // Courtesy BYE once (send failures ignored, §7), then keys wiped and transport closed.
        // Idempotent; safe in any state.
        public void Close()
        {
            Session session = _session;
            if (session != null && session.IsOpen)
            {
                session.Bye(_sink);
            }
            Fail(CloseReason.Local, null);
        }

        // ---- internals ----

        private void RunHandshake(long deadline)
        {
            SessionKeys keys = _handshake.Run(deadline);
            _keys = keys;
            _sessionIdText = keys.SessionIdText();
            _session = new Session(keys, _transport.IsDatagram, _options.Random, _clock);
            _lastSession = _session;
            // §3: over UDP the client installs the keys right after SESSION_OK verifies: the
            // transport asks the session's key epochs for every UTACK MAC from now on.
            _transport.AttachSession(_session);
        }

        // RX watchdog (RxWatchdogMs > 0): no authenticated frame for that long -> the gateway is gone
        // (a live one answers every keepalive PING). Ends the session, keys wiped, and throws.
        private void CheckWatchdog(Session session)
        {
            long silent;
            if (_timer.GatewaySilent(session, out silent))
            {
                ThrowGatewaySilent(silent);
            }
        }

        private void ThrowGatewaySilent(long silent)
        {
            UsmpTimeoutException e = new UsmpTimeoutException("gateway silent for " + silent.ToString() + " ms");
            Fail(CloseReason.GatewaySilent, e);
            throw e;
        }

        // Ends everything: handshake secrets, session keys, transport; then, when a session had been
        // established, the Closed event with the reason. Never throws (handlers are guarded).
        private void Fail(CloseReason reason, Exception error)
        {
            _handshake.Abort();
            _sessionIdText = null;
            Session session = _session;
            _session = null;
            if (session != null)
            {
                session.Close();
            }
            if (_keys != null)
            {
                _keys.Wipe();
            }
            try
            {
                _transport.AttachSession(null);
                _transport.Close();
            }
            catch (Exception)
            {
                // Closing is best effort; the state above is already clean.
            }
            if (session != null)
            {
                OnClosed(reason, error);
            }
        }

        // Fail drops every session that ends, so a held one is open (and refuses frames once closed).
        private Session RequireSession()
        {
            Session session = _session;
            if (session == null)
            {
                ThrowNotConnected();
            }
            return session;
        }

        private static void ThrowNotConnected()
        {
            throw new NotConnectedException("not connected: call Connect first");
        }
    }
}
