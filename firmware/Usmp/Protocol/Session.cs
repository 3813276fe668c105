// One established USMP session (shared/spec/usmp-v2.md §5-§8), I/O-free: frames go out through
// an IFrameSink and come in through Accept (SessionAccept.cs). The transport (TCP strict order,
// or UDP with the 64-entry window and UTACKs) is chosen by datagramMode.
//
// Send path (§5, §6): reserve (burn) the seq, seal the frame with ONE native call under the
// current key epoch into the session's frame buffer, hand it to the sink. 0xFFFFFFFF is terminal:
// only BYE may use it.
// Receive path: SessionAccept.cs (authenticate, then accept, then acknowledge, then dispatch).
//
// The rules live in one class each: KeySchedule + KeyEpoch (keys per epoch, REKEY swap and its
// grace, UTACK MAC/verify), TxSequence (§6 tx reservation), RxSequence (§6, per epoch),
// ControlFrameFlood (§7 PING/PONG flood limit), Reassembler (§7 whole messages only).
// Buffers are allocated once in the constructor; Send/Accept allocate nothing.
// Secrets: the epochs' keys and the REKEY salt (KeySchedule, wiped by Close and right after each
// derivation), MessageBuffer's plaintext (wiped by Close). The SessionKeys handed in are copied
// into epoch 0 and their keys wiped at once; the object keeps only the session id.
// Thread safety: sending (Send/Ping/Bye/Rekey and the automatic PONG) is serialised by a lock;
// Accept/PreAcknowledge are meant to be called by one receiving thread.
using System;

namespace Usmp
{
    public sealed partial class Session
    {
        private readonly SessionKeys _keys;
        private readonly KeySchedule _schedule;
        private readonly byte[] _sessionId;   // = _schedule.SessionId (the same array), sealed into every nonce
        private readonly bool _datagram;
        private readonly IRandomSource _random;
        private readonly IClock _clock;
        private readonly object _txLock = new object();
        private readonly byte[] _txFrame = new byte[UsmpLimits.FrameBufferSize];
        private readonly byte[] _message = new byte[UsmpLimits.MessageBufferSize];
        private readonly byte[] _utack;   // UDP: the UTACK the last open wrote (15 bytes); TCP: empty
        private readonly byte[] _receipt; // UDP: the UTACK the peer must send for the last frame sealed (15 bytes; secret until it does); TCP: empty
        private readonly Reassembler _reassembler = new Reassembler();
        private readonly TxSequence _txSeq = new TxSequence();
        private readonly ControlFrameFlood _flood = new ControlFrameFlood();
        private readonly FrameRefusal _refuse;
        private int _messageLength;
        private bool _open = true;
        private long _lastTxMillis;
        private long _lastRxMillis;
        private KeyEpoch _sealing;        // = _schedule.Current, the epoch that seals our frames (SealingEpochChanged)
        private uint _txEpoch;            // = _sealing.Number, read per frame (TxEpoch)
        private byte _receiptType;        // UDP: (type, seq) of the last frame sealed, which _receipt
        private uint _receiptSeq;         // acknowledges; type 0 (none: TCP, or after a key-epoch swap)
        private DropReason _dropReason;   // diagnostics: why the last frame was dropped (SessionAccept.cs)

        /// <param name="keys">Owned by the session from now on: its keys are copied into epoch 0 and wiped at once; Close wipes the rest.</param>
        /// <param name="datagramMode">true: UDP (64-entry window, UTACKs, silent drops); false: TCP (strict seq, exceptions).</param>
        /// <param name="random">Source of REKEY salts.</param>
        /// <param name="clock">Keepalive, flood-window and REKEY-grace time.</param>
        public Session(SessionKeys keys, bool datagramMode, IRandomSource random, IClock clock)
        {
            if (keys == null || random == null || clock == null)
            {
                throw new ArgumentNullException(keys == null ? "keys" : random == null ? "random" : "clock");
            }
            _keys = keys;
            _schedule = new KeySchedule(keys, datagramMode);
            _sessionId = _schedule.SessionId;
            _sealing = _schedule.Current;
            keys.WipeKeys();
            _datagram = datagramMode;
            _utack = new byte[datagramMode ? Utack.MacedSize : 0];
            _receipt = new byte[datagramMode ? Utack.MacedSize : 0];
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

        /// <summary>TCP: the seq expected next under the current keys. UDP: one past the highest authenticated seq.</summary>
        public uint RxSeq { get { return _schedule.Current.Rx.Next; } }

        /// <summary>The key epoch the next sealed frame uses (0 after the handshake, +1 per REKEY). A UTACK for a frame is checked against the epoch it was sealed under (UtackMatches).</summary>
        public uint TxEpoch { get { return _txEpoch; } }

        /// <summary>Clock time of the last frame written (keepalive: PING after an idle period).</summary>
        public long LastTxMillis { get { return _lastTxMillis; } }

        /// <summary>Clock time of the last authenticated inbound frame.</summary>
        public long LastRxMillis { get { return _lastRxMillis; } }

        /// <summary>The last complete message is MessageBuffer[0..MessageLength); valid until the next Accept or PreAcknowledge.</summary>
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
        /// §7 REKEY, initiator: salt(32) sealed under the CURRENT epoch at the current seq; once the
        /// sink took it (over UDP: once its UTACK came back under the current epoch), the next epoch
        /// is derived, okm = HKDF(tx ‖ rx, salt, "usmp-rekey" ‖ session_id, 64), new tx = okm[0:32],
        /// new rx = okm[32:64], and swapped in; the tx seq restarts at 0. The previous epoch keeps
        /// opening the peer's frames sealed before it saw the REKEY, for a bounded grace (KeySchedule).
        /// </summary>
        public void Rekey(IFrameSink sink)
        {
            lock (_txLock)
            {
                RequireOpen();
                byte[] salt = _schedule.Salt;
                _random.GetBytes(salt, 0, UsmpConstants.RekeySaltSize);
                try
                {
                    SealAndSend(PacketType.Rekey, salt, 0, UsmpConstants.RekeySaltSize, sink);
                    _schedule.RekeyAsInitiator(_clock.NowMilliseconds);
                    SealingEpochChanged();
                }
                finally
                {
                    _schedule.WipeSalt();
                }
            }
        }

        // §6: the seq is reserved (burned) before the write, so a failed write never reuses a nonce.
        // Must hold _txLock.
        private void SealAndSend(PacketType type, byte[] plaintext, int offset, int count, IFrameSink sink)
        {
            if (!_open)
            {
                ThrowClosed();
            }
            long now = _clock.NowMilliseconds;
            _schedule.Expire(now);
            uint seq = _txSeq.Reserve(type);
            int length = _sealing.Seal(_txFrame, (byte)type, seq, _sessionId, plaintext, offset, count, _receipt);
            if (_datagram)
            {
                _receiptType = (byte)type;   // _receipt now acknowledges this frame
                _receiptSeq = seq;
            }
            _lastTxMillis = now;
            sink.SendFrame(_txFrame, 0, length);
        }

        // A REKEY swapped key epochs (either side started it): the next frame is sealed under the
        // new current epoch, from seq 0 (§7). The receipt kept for the last frame sealed under the
        // old one is wiped: from now on it verifies only by its MAC, during the old epoch's grace.
        // Must hold _txLock.
        private void SealingEpochChanged()
        {
            _sealing = _schedule.Current;
            _txEpoch = _sealing.Number;
            _txSeq.Reset();
            Secret.Wipe(_receipt);
            _receiptType = 0;
        }

        // ---------------------------------------------------------------- UTACKs for our frames (§8)

        /// <summary>
        /// §8: true when datagram is a UTACK for our session frame (type, seq) sealed under key epoch
        /// `epoch` (TxEpoch when it was sealed). The last frame sealed: a constant-time compare with
        /// the UTACK its seal computed (no native call). Any other: its MAC checked under that
        /// epoch's tx key (the receiver MACs with the key that opened the frame), an older epoch
        /// only during its grace. A wiped or unknown epoch matches nothing.
        /// </summary>
        public bool UtackMatches(byte[] datagram, int offset, int length, byte type, uint seq, uint epoch)
        {
            if (!_open)
            {
                return false;
            }
            if (epoch == _txEpoch && type == _receiptType && seq == _receiptSeq)
            {
                return Utack.Equal(datagram, offset, length, _receipt);
            }
            _schedule.Expire(_clock.NowMilliseconds);
            return _schedule.UtackMatches(datagram, offset, length, type, seq, epoch);
        }

        /// <summary>
        /// §8, the check of a datagram transport's stop-and-wait ARQ for the frame (type, seq) it is
        /// sending. That frame was sealed under the current epoch: the ARQ runs inside SealAndSend,
        /// under the send lock, so no REKEY swaps epochs before its UTACK is in. A handshake-type
        /// frame (a test gateway's SESSION_OK after it attached its session) is acknowledged plain.
        /// </summary>
        public bool UtackMatches(byte[] datagram, int offset, int length, byte type, uint seq)
        {
            if (_open && type == _receiptType && seq == _receiptSeq)
            {
                return Utack.Equal(datagram, offset, length, _receipt);   // the frame in flight
            }
            if (PacketTypes.IsHandshake(type))
            {
                return Utack.Matches(datagram, offset, length, type, seq, null);
            }
            return UtackMatches(datagram, offset, length, type, seq, _txEpoch);
        }

        /// <summary>§8 for a handshake-type frame seen after the keys exist (a late duplicate): plain, or MACed under the current rx key when its type is >= 5 (HELLO_RETRY), as before.</summary>
        public int WriteHandshakeUtack(byte[] output, int offset, byte type, uint seq)
        {
            if (!_open || !Utack.NeedsMac(type, true))
            {
                return Utack.Write(output, offset, type, seq, null);
            }
            return _schedule.Current.WriteUtack(output, offset, type, seq);
        }

        /// <summary>Housekeeping without traffic: ends the previous key epoch's grace on time (keys wiped).</summary>
        public void Tick()
        {
            if (_open)
            {
                _schedule.Expire(_clock.NowMilliseconds);
            }
        }

        // ---------------------------------------------------------------- state

        private void RequireOpen()
        {
            if (!_open)
            {
                ThrowClosed();
            }
        }

        // Only when failing (the per-frame paths check _open inline and call this on a closed session).
        private static void ThrowClosed()
        {
            throw new ConnectionClosedException("the session is closed");
        }

        // ---------------------------------------------------------------- closing

        /// <summary>Closes without a BYE: wipes every key epoch, the REKEY salt and the message buffer. Idempotent.</summary>
        public void Close()
        {
            _open = false;
            _schedule.Wipe();
            _keys.Wipe();
            Secret.Wipe(_message);
            Array.Clear(_txFrame, 0, _txFrame.Length);   // sealed (public) bytes: hygiene only
            Array.Clear(_utack, 0, _utack.Length);
            Secret.Wipe(_receipt);
            _receiptType = 0;
            _messageLength = 0;
            _reassembler.Reset();
        }

        // ---- test access (InternalsVisibleTo NFUnitTest) ----

        /// <summary>The handed-over SessionKeys (after construction: the session id only).</summary>
        internal SessionKeys Keys { get { return _keys; } }

        internal KeySchedule Schedule { get { return _schedule; } }

        /// <summary>The UTACK kept for the last frame sealed (UDP), to check it is wiped.</summary>
        internal byte[] Receipt { get { return _receipt; } }

        /// <summary>Test-only: start sending at this seq (to reach the terminal 0xFFFFFFFF).</summary>
        internal void SetTxSeqForTest(uint seq)
        {
            _txSeq.SetForTest(seq);
        }
    }
}
