// One established USMP session (shared/spec/usmp-v2.md §5-§7), I/O-free: frames go out through
// an IFrameSink and come in through Accept. The transport (TCP strict order, or UDP with the
// 64-entry window) is chosen by datagramMode.
//
// Send path (§5, §6): reserve (burn) the seq, seal the frame with ONE native call into the
// session's frame buffer, hand it to the sink. 0xFFFFFFFF is terminal: only BYE may use it.
// Receive path (§4-§7, craft habit 11): header checks on public bytes -> UDP window IsFresh ->
// ONE native call to open (CRC, carried nonce, GCM tag) straight into MessageBuffer -> only then
// the RX overflow / strict seq / window update -> dispatch by type. On TCP every problem throws
// its typed exception; on UDP it is dropped silently (SessionEvent.Dropped).
//
// Buffers are allocated once in the constructor; Send/Accept allocate nothing.
// Secrets: the SessionKeys passed in (owned from then on, wiped by Close), the REKEY salt and
// derivation scratch (wiped right after use), and MessageBuffer's plaintext (wiped by Close).
// Thread safety: sending (Send/Ping/Bye/Rekey and the automatic PONG) is serialised by a lock;
// Accept is meant to be called by one receiving thread.
using System;
using Usmp.Native;

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

    public sealed class Session
    {
        private readonly SessionKeys _keys;
        private readonly bool _datagram;
        private readonly IRandomSource _random;
        private readonly IClock _clock;
        private readonly object _txLock = new object();
        private readonly byte[] _txFrame = new byte[UsmpLimits.FrameBufferSize];
        private readonly byte[] _message = new byte[UsmpLimits.MessageBufferSize];
        private readonly byte[] _salt = new byte[UsmpConstants.RekeySaltSize];
        private readonly byte[] _rekeyFirst = new byte[UsmpConstants.KeySize];
        private readonly byte[] _rekeySecond = new byte[UsmpConstants.KeySize];
        private readonly ReplayWindow _window = new ReplayWindow();
        private readonly Reassembler _reassembler = new Reassembler();
        private uint _txSeq;
        private uint _rxNext;
        private uint _lastAuthenticatedSeq;
        private int _messageLength;
        private bool _open = true;
        private long _lastTxMillis;
        private long _lastRxMillis;
        private long _floodWindowStart;
        private int _floodCount;

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
            _random = random;
            _clock = clock;
            long now = clock.NowMilliseconds;
            _lastTxMillis = now;
            _lastRxMillis = now;
        }

        public bool IsOpen
        {
            get { return _open; }
        }

        public bool IsDatagram
        {
            get { return _datagram; }
        }

        /// <summary>The seq the next sent frame will use.</summary>
        public uint TxSeq
        {
            get { return _txSeq; }
        }

        /// <summary>TCP: the seq expected next. UDP: one past the highest authenticated seq.</summary>
        public uint RxSeq
        {
            get { return _rxNext; }
        }

        /// <summary>The seq of the last frame that authenticated (for the UDP transport's floor, §8).</summary>
        public uint LastAuthenticatedSeq
        {
            get { return _lastAuthenticatedSeq; }
        }

        /// <summary>Clock time of the last frame written (keepalive: PING after an idle period).</summary>
        public long LastTxMillis
        {
            get { return _lastTxMillis; }
        }

        /// <summary>Clock time of the last authenticated inbound frame.</summary>
        public long LastRxMillis
        {
            get { return _lastRxMillis; }
        }

        /// <summary>The last complete message is MessageBuffer[0..MessageLength); valid until the next Accept.</summary>
        public byte[] MessageBuffer
        {
            get { return _message; }
        }

        public int MessageLength
        {
            get { return _messageLength; }
        }

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
                _random.GetBytes(_salt, 0, UsmpConstants.RekeySaltSize);
                try
                {
                    SealAndSend(PacketType.Rekey, _salt, 0, UsmpConstants.RekeySaltSize, sink);
                    UsmpCrypto.RekeyDerive(_rekeyFirst, _rekeySecond, _keys.TxKey, _keys.RxKey, _salt, _keys.SessionId);
                    InstallRekeyedKeys(_rekeyFirst, _rekeySecond);
                }
                finally
                {
                    WipeRekeyScratch();
                }
            }
        }

        // §6: the seq is reserved (burned) before the write, so a failed write never reuses a nonce.
        // Must hold _txLock.
        private void SealAndSend(PacketType type, byte[] plaintext, int offset, int count, IFrameSink sink)
        {
            RequireOpen();
            uint seq = ReserveTxSeq(type);
            int length = UsmpCrypto.SealFrame(_txFrame, 0, (byte)type, seq, _keys.TxKey, _keys.SessionId, plaintext, offset, count);
            _lastTxMillis = _clock.NowMilliseconds;
            sink.SendFrame(_txFrame, 0, length);
        }

        // §6: 0xFFFFFFFF is terminal: anything but BYE is refused there, and tx_seq stays put.
        private uint ReserveTxSeq(PacketType type)
        {
            if (_txSeq >= UsmpConstants.TerminalSeq)
            {
                if (type != PacketType.Bye)
                {
                    throw new SequenceException("TX sequence exhausted (0xFFFFFFFF): only BYE may be sent");
                }
                return UsmpConstants.TerminalSeq;
            }
            return _txSeq++;
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
                return Refuse(status);
            }
            PacketType type = FrameHeader.ReadType(frame, offset);
            uint seq = FrameHeader.ReadSeq(frame, offset);
            if (PacketTypes.IsHandshake((byte)type))
            {
                return Violation("handshake frame inside an established session");
            }
            if (_datagram && !_window.IsFresh(seq))
            {
                return SessionEvent.Dropped;   // §6: replayed or older than the window
            }
            int plaintextOffset = _reassembler.WriteOffset;
            int plaintextLength;
            NativeStatus opened = UsmpCrypto.OpenFrame(_message, plaintextOffset, out plaintextLength, frame, offset, length, _keys.RxKey, _keys.SessionId);
            if (opened != NativeStatus.Ok)
            {
                return RefuseOpen(opened);
            }
            // Authenticated from here on (§6 / craft habit 11: only now does any counter move).
            if (!AcceptSeq(seq))
            {
                return SessionEvent.Dropped;
            }
            return Dispatch(type, seq, plaintextOffset, plaintextLength, replySink);
        }

        // §6: RX overflow, then TCP strict order or the UDP window. False = drop (UDP).
        private bool AcceptSeq(uint seq)
        {
            if (seq >= UsmpConstants.TerminalSeq)
            {
                if (_datagram)
                {
                    return false;
                }
                throw new SequenceException("RX sequence overflowed (0xFFFFFFFF)");
            }
            if (_datagram)
            {
                _window.Accept(seq);
                if (seq >= _rxNext)
                {
                    _rxNext = seq + 1;
                }
            }
            else
            {
                if (seq != _rxNext)
                {
                    throw new SequenceException("sequence mismatch: expected " + _rxNext.ToString() + ", got " + seq.ToString());
                }
                _rxNext = seq + 1;
            }
            _lastAuthenticatedSeq = seq;
            _lastRxMillis = _clock.NowMilliseconds;
            return true;
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
                    return Violation("packet type not valid in a session");
            }
        }

        private SessionEvent AddFragment(bool isFinal, uint seq, int plaintextLength)
        {
            int messageLength;
            ReassemblyResult result = _reassembler.Add(isFinal, seq, plaintextLength, out messageLength);
            if (result == ReassemblyResult.Error)
            {
                return Violation(_reassembler.ErrorReason);
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

        // §7 REKEY, responder: okm as the initiator computed it, with initiator_tx = our rx key and
        // initiator_rx = our tx key; new rx = okm[0:32], new tx = okm[32:64]; counters restart at 0.
        private SessionEvent OnRekey(int plaintextOffset, int plaintextLength)
        {
            if (_reassembler.InProgress)
            {
                return MidMessageControl("REKEY");
            }
            if (plaintextLength != UsmpConstants.RekeySaltSize)
            {
                Array.Clear(_message, plaintextOffset, plaintextLength);
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
                    Array.Copy(_message, plaintextOffset, _salt, 0, UsmpConstants.RekeySaltSize);
                    Array.Clear(_message, plaintextOffset, UsmpConstants.RekeySaltSize);
                    UsmpCrypto.RekeyDerive(_rekeyFirst, _rekeySecond, _keys.RxKey, _keys.TxKey, _salt, _keys.SessionId);
                    InstallRekeyedKeys(_rekeySecond, _rekeyFirst);
                }
                finally
                {
                    WipeRekeyScratch();
                }
            }
            return SessionEvent.None;
        }

        // §7: a PING, PONG or REKEY inside a fragmented message is a protocol error.
        private SessionEvent MidMessageControl(string what)
        {
            _reassembler.Reset();
            return Violation(what + " in the middle of a fragmented message");
        }

        // §7 (Python): more than 8 PING/PONG within one 1.0 s window closes the session.
        private void CountControlFrame()
        {
            long now = _clock.NowMilliseconds;
            if (_floodCount == 0 || now - _floodWindowStart >= UsmpConstants.FloodWindowMillis)
            {
                _floodWindowStart = now;
                _floodCount = 0;
            }
            _floodCount++;
            if (_floodCount > UsmpConstants.FloodLimit)
            {
                Close();
                throw new ConnectionClosedException("control-frame flood: more than 8 PING/PONG within 1 s");
            }
        }

        private void InstallRekeyedKeys(byte[] newTx, byte[] newRx)
        {
            _keys.Replace(newTx, newRx);
            _txSeq = 0;
            _rxNext = 0;
            _lastAuthenticatedSeq = 0;
            _window.Reset();
            _reassembler.Reset();
        }

        private void WipeRekeyScratch()
        {
            Array.Clear(_salt, 0, _salt.Length);
            Array.Clear(_rekeyFirst, 0, _rekeyFirst.Length);
            Array.Clear(_rekeySecond, 0, _rekeySecond.Length);
        }

        // ---------------------------------------------------------------- errors

        // Public-byte framing problems: typed exception on TCP, silent drop on UDP.
        private SessionEvent Refuse(FrameStatus status)
        {
            if (_datagram)
            {
                return SessionEvent.Dropped;
            }
            FrameHeader.ThrowIfNotOk(status);
            return SessionEvent.Dropped;   // not reached
        }

        // OpenFrame's outcome: one generic CryptoException for tag and carried nonce (no oracle).
        private SessionEvent RefuseOpen(NativeStatus status)
        {
            if (_datagram)
            {
                return SessionEvent.Dropped;
            }
            if (status == NativeStatus.BadCrc)
            {
                throw new CrcException("frame CRC mismatch");
            }
            if (status == NativeStatus.Malformed)
            {
                throw new PayloadException("encrypted payload shorter than nonce + tag (28 bytes)");
            }
            throw new CryptoException("frame did not authenticate (GCM tag or carried nonce)");
        }

        // Protocol rule broken by an authenticated frame: ProtocolException on TCP, drop on UDP.
        private SessionEvent Violation(string reason)
        {
            if (_datagram)
            {
                return SessionEvent.Dropped;
            }
            throw new ProtocolException(reason);
        }

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
            WipeRekeyScratch();
            Array.Clear(_message, 0, _message.Length);
            Array.Clear(_txFrame, 0, _txFrame.Length);
            _messageLength = 0;
            _reassembler.Reset();
        }

        // ---- test access (InternalsVisibleTo NFUnitTest) ----

        internal SessionKeys Keys
        {
            get { return _keys; }
        }

        /// <summary>Test-only: start sending at this seq (to reach the terminal 0xFFFFFFFF).</summary>
        internal void SetTxSeqForTest(uint seq)
        {
            _txSeq = seq;
        }
    }
}
