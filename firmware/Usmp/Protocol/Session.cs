// One established USMP session (shared/spec/usmp-v2.md §5-§7), I/O-free: frames go out through
// an IFrameSink and come in through Accept. The transport (TCP strict order, or UDP with the
// 64-entry window) is chosen by datagramMode.
//
// Send path (§5, §6): reserve (burn) the seq, seal the frame with ONE native call into the
// session's frame buffer, hand it to the sink. 0xFFFFFFFF is terminal: only BYE may use it.
// Receive path (§4-§7, craft habit 11): header checks on public bytes -> UDP window IsFresh ->
// ONE native call to open (CRC, carried nonce, GCM tag) straight into MessageBuffer -> only then
// the RX overflow / strict seq / window update -> dispatch by type. On TCP every problem throws
// its typed exception; on UDP it is dropped silently (SessionEvent.Dropped) (FrameRefusal).
//
// The rules live in one class each: TxSequence (§6 tx reservation, terminal 0xFFFFFFFF),
// RxSequence (§6 TCP strict order / UDP window), RekeyDerivation (§7 REKEY keys),
// ControlFrameFlood (§7 PING/PONG flood limit), Reassembler (§7 fragments).
// Buffers are allocated once in the constructor; Send/Accept allocate nothing.
// Secrets: the SessionKeys passed in (owned from then on, wiped by Close), the REKEY salt and
// derivation scratch in RekeyDerivation (wiped right after use), and MessageBuffer's plaintext
// (wiped by Close).
// Thread safety: sending (Send/Ping/Bye/Rekey and the automatic PONG) is serialised by a lock;
// Accept is meant to be called by one receiving thread.
using System;
using Usmp.Native;

namespace Usmp
{
    public sealed class Session
    {
        private readonly SessionKeys _keys;
        private readonly bool _datagram;
        private readonly IRandomSource _random;
        private readonly IClock _clock;
        private readonly object _txLock = new object();
        private readonly byte[] _txFrame = new byte[UsmpLimits.FrameBufferSize];
        private readonly byte[] _message = new byte[UsmpLimits.MessageBufferSize];
        private readonly RekeyDerivation _rekey = new RekeyDerivation();
        private readonly Reassembler _reassembler = new Reassembler();
        private readonly TxSequence _txSeq = new TxSequence();
        private readonly RxSequence _rxSeq;
        private readonly ControlFrameFlood _flood = new ControlFrameFlood();
        private readonly FrameRefusal _refuse;
        private int _messageLength;
        private bool _open = true;
        private long _lastTxMillis;
        private long _lastRxMillis;

        /// <param name="keys">Owned by the session from now on; wiped by Close.</param>
        /// <param name="datagramMode">true: UDP (64-entry window, silent drops); false: TCP (strict seq, exceptions).</param>
        /// <param name="random">Source of REKEY salts.</param>
        /// <param name="clock">Keepalive and flood-window time.</param>
        public Session(SessionKeys keys, bool datagramMode, IRandomSource random, IClock clock)
        {
            if (keys == null || random == null || clock == null)
            {
                throw new ArgumentNullException(keys == null ? "keys" : random == null ? "random" : "clock");
            }
            _keys = keys;
            _datagram = datagramMode;
            _rxSeq = new RxSequence(datagramMode);
            _refuse = new FrameRefusal(datagramMode);
            _random = random;
            _clock = clock;
            long now = clock.NowMilliseconds;
            _lastTxMillis = now;
            _lastRxMillis = now;
        }

        public bool IsOpen { get { return _open; } }

        public bool IsDatagram { get { return _datagram; } }

        /// <summary>The seq the next sent frame will use.</summary>
        public uint TxSeq { get { return _txSeq.Next; } }

        /// <summary>TCP: the seq expected next. UDP: one past the highest authenticated seq.</summary>
        public uint RxSeq { get { return _rxSeq.Next; } }

        /// <summary>The seq of the last frame that authenticated (for the UDP transport's floor, §8).</summary>
        public uint LastAuthenticatedSeq { get { return _rxSeq.LastAuthenticated; } }

        /// <summary>Clock time of the last frame written (keepalive: PING after an idle period).</summary>
        public long LastTxMillis { get { return _lastTxMillis; } }

        /// <summary>Clock time of the last authenticated inbound frame.</summary>
        public long LastRxMillis { get { return _lastRxMillis; } }

        /// <summary>The last complete message is MessageBuffer[0..MessageLength); valid until the next Accept.</summary>
        public byte[] MessageBuffer { get { return _message; } }

        public int MessageLength { get { return _messageLength; } }

        // ---------------------------------------------------------------- sending

        /// <summary>
        /// §7: sends data[offset..offset+count) as DATA_FRAG* DATA in 452-byte chunks with consecutive
        /// seqs; more than 1808 bytes throws PayloadException. An empty message is one empty DATA.
        /// </summary>
        public void Send(byte[] data, int offset, int count, IFrameSink sink)
        {
            if (data == null && count != 0)
            {
                throw new ArgumentNullException("data");
            }
            if (count < 0 || offset < 0 || (data != null && offset > data.Length - count))
            {
                throw new ArgumentException("offset/count outside data");
            }
            if (count > UsmpConstants.MaxMessageSize)
            {
                throw new PayloadException("message of " + count.ToString() + " bytes exceeds 1808 (4 x 452)");
            }
            lock (_txLock)
            {
                int sent = 0;
                do
                {
                    int chunk = count - sent;
                    if (chunk > UsmpConstants.MaxPlaintext)
                    {
                        chunk = UsmpConstants.MaxPlaintext;
                    }
                    PacketType type = sent + chunk < count ? PacketType.DataFrag : PacketType.Data;
                    SealAndSend(type, data, offset + sent, chunk, sink);
                    sent += chunk;
                }
                while (sent < count);
            }
        }

        /// <summary>§7: an empty encrypted PING; the peer answers PONG.</summary>
        public void Ping(IFrameSink sink)
        {
            lock (_txLock)
            {
                SealAndSend(PacketType.Ping, null, 0, 0, sink);
            }
        }

        /// <summary>§7: sends BYE once (send failures ignored, as the reference does) and closes the session.</summary>
        public void Bye(IFrameSink sink)
        {
            if (!_open)
            {
                return;
            }
            try
            {
                lock (_txLock)
                {
                    SealAndSend(PacketType.Bye, null, 0, 0, sink);
                }
            }
            catch (Exception)
            {
                // §7: "bye() runs only once, ignores send failures, and closes".
            }
            finally
            {
                Close();
            }
        }

        /// <summary>
        /// §7 REKEY, initiator: salt(32) sealed with the OLD tx key at the current seq; then
        /// okm = HKDF(initiator_tx ‖ initiator_rx, salt, "usmp-rekey" ‖ session_id, 64),
        /// new tx = okm[0:32], new rx = okm[32:64]; tx_seq, rx_seq and the window restart at 0.
        /// </summary>
        public void Rekey(IFrameSink sink)
        {
            lock (_txLock)
            {
                byte[] salt = _rekey.Salt;
                _random.GetBytes(salt, 0, UsmpConstants.RekeySaltSize);
                try
                {
                    SealAndSend(PacketType.Rekey, salt, 0, UsmpConstants.RekeySaltSize, sink);
                    _rekey.DeriveAsInitiator(_keys);
                    RestartAfterRekey();
                }
                finally
                {
                    _rekey.Wipe();
                }
            }
        }

        // §6: the seq is reserved (burned) before the write, so a failed write never reuses a nonce.
        // Must hold _txLock.
        private void SealAndSend(PacketType type, byte[] plaintext, int offset, int count, IFrameSink sink)
        {
            RequireOpen();
            uint seq = _txSeq.Reserve(type);
            int length = UsmpCrypto.SealFrame(_txFrame, 0, (byte)type, seq, _keys.TxKey, _keys.SessionId, plaintext, offset, count);
            _lastTxMillis = _clock.NowMilliseconds;
            sink.SendFrame(_txFrame, 0, length);
        }

        // ---------------------------------------------------------------- receiving

        /// <summary>
        /// Processes ONE inbound frame frame[offset..offset+length). PING is answered with PONG through
        /// replySink; REKEY is applied; BYE closes. TCP: problems throw (FrameException subclasses,
        /// CryptoException, SequenceException, ProtocolException, ConnectionClosedException on a
        /// control-frame flood). UDP: problems return Dropped, except the flood, which also closes.
        /// </summary>
        public SessionEvent Accept(byte[] frame, int offset, int length, IFrameSink replySink)
        {
            RequireOpen();
            FrameStatus status = FrameHeader.TryDecode(frame, offset, length, false);
            if (status != FrameStatus.Ok)
            {
                return _refuse.Frame(status);
            }
            PacketType type = FrameHeader.ReadType(frame, offset);
            uint seq = FrameHeader.ReadSeq(frame, offset);
            if (PacketTypes.IsHandshake((byte)type))
            {
                return _refuse.Violation("handshake frame inside an established session");
            }
            if (!_rxSeq.IsFresh(seq))
            {
                return SessionEvent.Dropped;   // §6: replayed or older than the window
            }
            int plaintextOffset = _reassembler.WriteOffset;
            int plaintextLength = UsmpCrypto.OpenFrame(_message, plaintextOffset, frame, offset, length, _keys.RxKey, _keys.SessionId);
            if (plaintextLength < 0)
            {
                return _refuse.Open((NativeStatus)plaintextLength);
            }
            // Authenticated from here on (§6 / craft habit 11: only now does any counter move).
            if (!_rxSeq.Accept(seq))
            {
                return SessionEvent.Dropped;
            }
            _lastRxMillis = _clock.NowMilliseconds;
            return Dispatch(type, seq, plaintextOffset, plaintextLength, replySink);
        }

        private SessionEvent Dispatch(PacketType type, uint seq, int plaintextOffset, int plaintextLength, IFrameSink replySink)
        {
            switch (type)
            {
                case PacketType.Data:
                case PacketType.DataFrag:
                    return AddFragment(type == PacketType.Data, seq, plaintextLength);
                case PacketType.Ping:
                    return OnPing(replySink);
                case PacketType.Pong:
                    return OnPong();
                case PacketType.Bye:
                    // §7: BYE closes the session, also in the middle of a message (Python behaviour).
                    Close();
                    return SessionEvent.Closed;
                case PacketType.Rekey:
                    return OnRekey(plaintextOffset, plaintextLength);
                default:
                    return _refuse.Violation("packet type not valid in a session");
            }
        }

        private SessionEvent AddFragment(bool isFinal, uint seq, int plaintextLength)
        {
            int messageLength;
            ReassemblyResult result = _reassembler.Add(isFinal, seq, plaintextLength, out messageLength);
            if (result == ReassemblyResult.Error)
            {
                return _refuse.Violation(_reassembler.ErrorReason);
            }
            if (result == ReassemblyResult.Partial)
            {
                return SessionEvent.None;
            }
            _messageLength = messageLength;
            return SessionEvent.Message;
        }

        private SessionEvent OnPing(IFrameSink replySink)
        {
            if (_reassembler.InProgress)
            {
                return MidMessageControl("PING");
            }
            CountControlFrame();
            lock (_txLock)
            {
                SealAndSend(PacketType.Pong, null, 0, 0, replySink);
            }
            return SessionEvent.None;
        }

        private SessionEvent OnPong()
        {
            if (_reassembler.InProgress)
            {
                return MidMessageControl("PONG");
            }
            CountControlFrame();
            return SessionEvent.Pong;
        }

        // §7 REKEY, responder (RekeyDerivation.DeriveAsResponder); counters restart at 0.
        private SessionEvent OnRekey(int plaintextOffset, int plaintextLength)
        {
            if (_reassembler.InProgress)
            {
                return MidMessageControl("REKEY");
            }
            if (plaintextLength != UsmpConstants.RekeySaltSize)
            {
                Secret.Wipe(_message, plaintextOffset, plaintextLength);
                if (_datagram)
                {
                    return SessionEvent.Dropped;
                }
                throw new PayloadException("REKEY salt must be 32 bytes");
            }
            lock (_txLock)
            {
                try
                {
                    Array.Copy(_message, plaintextOffset, _rekey.Salt, 0, UsmpConstants.RekeySaltSize);
                    Secret.Wipe(_message, plaintextOffset, UsmpConstants.RekeySaltSize);
                    _rekey.DeriveAsResponder(_keys);
                    RestartAfterRekey();
                }
                finally
                {
                    _rekey.Wipe();
                }
            }
            return SessionEvent.None;
        }

        // §7: a PING, PONG or REKEY inside a fragmented message is a protocol error.
        private SessionEvent MidMessageControl(string what)
        {
            _reassembler.Reset();
            return _refuse.Violation(what + " in the middle of a fragmented message");
        }

        // §7 (Python): more than 8 PING/PONG within one 1.0 s window closes the session.
        private void CountControlFrame()
        {
            if (_flood.CountAndCheck(_clock.NowMilliseconds))
            {
                Close();
                throw new ConnectionClosedException("control-frame flood: more than 8 PING/PONG within 1 s");
            }
        }

        // §7: after REKEY tx_seq, rx_seq and the window restart at 0 under the new keys.
        private void RestartAfterRekey()
        {
            _txSeq.Reset();
            _rxSeq.Reset();
            _reassembler.Reset();
        }

        // ---------------------------------------------------------------- state

        private void RequireOpen()
        {
            if (!_open)
            {
                throw new ConnectionClosedException("the session is closed");
            }
        }

        // ---------------------------------------------------------------- closing

        /// <summary>Closes without a BYE: wipes the keys, the REKEY scratch and the message buffer. Idempotent.</summary>
        public void Close()
        {
            _open = false;
            _keys.Wipe();
            _rekey.Wipe();
            Secret.Wipe(_message);
            Array.Clear(_txFrame, 0, _txFrame.Length);   // sealed (public) bytes: hygiene only
            _messageLength = 0;
            _reassembler.Reset();
        }

        // ---- test access (InternalsVisibleTo NFUnitTest) ----

        internal SessionKeys Keys { get { return _keys; } }

        /// <summary>Test-only: start sending at this seq (to reach the terminal 0xFFFFFFFF).</summary>
        internal void SetTxSeqForTest(uint seq)
        {
            _txSeq.SetForTest(seq);
        }
    }
}
