// The receive path of a Session (spec §4-§8): authenticate, then accept, then acknowledge, then
// dispatch. Per frame:
//   1. header checks on public bytes (FrameRefusal: TCP throws, UDP drops);
//   2. KeySchedule.Open: the seq against each live epoch's window (§6; stale = dropped unopened),
//      then ONE native call to open under the current epoch, and only if that fails under the
//      previous epoch during its REKEY grace;
//   3. only now: a duplicate of an accepted frame is acknowledged again and dropped; a fresh frame
//      passes the RX overflow / TCP strict order check and moves its epoch's window;
//   4. UDP: the UTACK, MACed under the rx key of the epoch that opened the frame (IUtackSink),
//      computed by the open itself (one native call per received frame);
//   5. dispatch: fragments to the Reassembler (whole messages only), PING -> PONG, PONG, BYE,
//      REKEY (the next epoch, swapped in).
// Where we depart from the reference (issue 10 class 1): its transport UTACKs every well-sized
// datagram BEFORE decrypting it, forgeries and replays included, under the very key the sender
// accepts receipts with, so anyone who can send with the peer's source address hands out valid
// receipts for frames never accepted. Here nothing forged, garbled, stale or refused is ever
// acknowledged, and an honest retransmission of an accepted frame is acknowledged again (or its
// sender would resend forever). The UTACK bytes for an accepted frame are the reference's.
// No allocation and no string literal per frame, refused ones included (FrameRefusal builds its
// message only when it throws, over TCP).
using System;
using Usmp.Native;

namespace Usmp
{
    public sealed partial class Session
    {
        /// <summary>
        /// Processes ONE inbound frame frame[offset..offset+length). PING is answered with PONG through
        /// replySink; REKEY is applied; BYE closes; over UDP the UTACK goes to replySink when it is an
        /// IUtackSink. TCP: problems throw (FrameException subclasses, CryptoException,
        /// SequenceException, ProtocolException, ConnectionClosedException on a control-frame flood).
        /// UDP: problems return Dropped, except the flood, which also closes.
        /// </summary>
        public SessionEvent Accept(byte[] frame, int offset, int length, IFrameSink replySink)
        {
            if (!_open)
            {
                ThrowClosed();
            }
            FrameStatus status = FrameHeader.TryDecode(frame, offset, length, false);
            if (status != FrameStatus.Ok)
            {
                return Refused(DropReason.Malformed, _refuse.Frame(status));
            }
            PacketType type = FrameHeader.ReadType(frame, offset);
            uint seq = FrameHeader.ReadSeq(frame, offset);
            if (PacketTypes.IsHandshake((byte)type))
            {
                return Refused(DropReason.Protocol, _refuse.Violation(FrameRefusal.HandshakeInSession));
            }
            long now = _clock.NowMilliseconds;
            _schedule.Expire(now);
            int plaintextOffset = _reassembler.WriteOffset;
            KeyEpoch epoch;
            bool duplicate;
            int plaintextLength = _schedule.Open(_message, plaintextOffset, frame, offset, length, seq, _utack, out epoch, out duplicate);
            if (plaintextLength == KeySchedule.NotFresh)
            {
                return Refused(DropReason.Stale, SessionEvent.Dropped);   // §6: older than every live window: never opened, never acknowledged
            }
            if (plaintextLength < 0)
            {
                return Refused(OpenFailure((NativeStatus)plaintextLength), _refuse.Open((NativeStatus)plaintextLength));
            }
            // Authenticated from here on (craft habit 11: only now does any counter move).
            if (duplicate)
            {
                Secret.Wipe(_message, plaintextOffset, plaintextLength);
                Acknowledge(replySink);   // §8: an honest retransmission, whose UTACK was lost
                return Refused(DropReason.Replay, SessionEvent.Dropped);
            }
            if (type == PacketType.Rekey && IsRekeyCollision(type, epoch))
            {
                Secret.Wipe(_message, plaintextOffset, plaintextLength);
                return Refused(DropReason.Protocol, _refuse.Violation(FrameRefusal.RekeyCollision));
            }
            if (!epoch.Rx.Accept(seq))
            {
                Secret.Wipe(_message, plaintextOffset, plaintextLength);
                return Refused(DropReason.Overflow, SessionEvent.Dropped);   // UDP RX overflow (TCP threw)
            }
            _schedule.Accepted(epoch);
            _lastRxMillis = now;
            if (_datagram)
            {
                Acknowledge(replySink);
            }
            return Dispatch(type, epoch, seq, plaintextOffset, plaintextLength, replySink);
        }

        /// <summary>
        /// §8, for a datagram transport busy sending (waiting for its own UTACK): authenticates a
        /// session frame that arrived meanwhile, WITHOUT accepting it (Accept does that later, in
        /// order), and when it would be acknowledged there (it opens; fresh or an accepted duplicate;
        /// not refused) writes its UTACK into utack[utackOffset..] and returns the length; else 0,
        /// and the transport drops the datagram. So the peer's ARQ is not starved while we send, and
        /// nothing unauthenticated is queued. The plaintext is wiped at once.
        /// </summary>
        public int PreAcknowledge(byte[] frame, int offset, int length, byte[] utack, int utackOffset)
        {
            if (!_open || !_datagram || FrameHeader.TryDecode(frame, offset, length, false) != FrameStatus.Ok)
            {
                _dropReason = DropReason.Malformed;
                return 0;
            }
            PacketType type = FrameHeader.ReadType(frame, offset);
            uint seq = FrameHeader.ReadSeq(frame, offset);
            if (PacketTypes.IsHandshake((byte)type))
            {
                _dropReason = DropReason.Protocol;
                return 0;
            }
            _schedule.Expire(_clock.NowMilliseconds);
            int plaintextOffset = _reassembler.WriteOffset;
            KeyEpoch epoch;
            bool duplicate;
            int plaintextLength = _schedule.Open(_message, plaintextOffset, frame, offset, length, seq, _utack, out epoch, out duplicate);
            if (plaintextLength < 0)
            {
                _dropReason = plaintextLength == KeySchedule.NotFresh ? DropReason.Stale : OpenFailure((NativeStatus)plaintextLength);
                return 0;
            }
            Secret.Wipe(_message, plaintextOffset, plaintextLength);
            if (!duplicate && (seq >= UsmpConstants.TerminalSeq || IsRekeyCollision(type, epoch)))
            {
                _dropReason = seq >= UsmpConstants.TerminalSeq ? DropReason.Overflow : DropReason.Protocol;
                return 0;
            }
            Array.Copy(_utack, 0, utack, utackOffset, Utack.MacedSize);   // written by the open, under the epoch that opened it
            return Utack.MacedSize;
        }

        /// <summary>Why the last Accept returned Dropped, or the last PreAcknowledge returned 0 (diagnostics; no allocation).</summary>
        public DropReason LastDropReason { get { return _dropReason; } }

        // Records the drop reason of a refusal (UDP returns Dropped; TCP threw before getting here).
        private SessionEvent Refused(DropReason reason, SessionEvent result)
        {
            _dropReason = reason;
            return result;
        }

        private static DropReason OpenFailure(NativeStatus status)
        {
            return status == NativeStatus.BadCrc || status == NativeStatus.Malformed ? DropReason.Malformed : DropReason.BadTag;
        }

        // §8 departure: the UTACK only now, once accepted. The open wrote it (the same native call),
        // MACed under the rx key of the epoch that opened the frame (its sender's tx key).
        private void Acknowledge(IFrameSink replySink)
        {
            IUtackSink utacks = _datagram ? replySink as IUtackSink : null;
            if (utacks != null)
            {
                utacks.SendUtack(_utack, 0, Utack.MacedSize);
            }
        }

        // A fresh REKEY that opened under the PREVIOUS epoch was sealed before the peer saw ours: both
        // sides started one. It is refused (and never acknowledged) rather than followed, as the
        // reference refuses it (there it cannot even open); the session then fails cleanly.
        private bool IsRekeyCollision(PacketType type, KeyEpoch epoch)
        {
            return type == PacketType.Rekey && epoch != _sealing;
        }

        private SessionEvent Dispatch(PacketType type, KeyEpoch epoch, uint seq, int plaintextOffset, int plaintextLength, IFrameSink replySink)
        {
            if (type == PacketType.Data || type == PacketType.DataFrag)
            {
                return AddFragment(type == PacketType.Data, epoch.Number, seq, plaintextOffset, plaintextLength);
            }
            bool midMessage = _reassembler.Control(epoch.Number, seq);
            if (type == PacketType.Bye)
            {
                // §7: BYE closes the session, also in the middle of a message (Python behaviour).
                Close();
                return SessionEvent.Closed;
            }
            if (midMessage)
            {
                // §7: a PING, PONG or REKEY inside a fragmented message is a protocol error.
                Secret.Wipe(_message, 0, plaintextOffset + plaintextLength);
                return Refused(DropReason.Protocol, _refuse.MidMessage(type));
            }
            switch (type)
            {
                case PacketType.Ping:
                    CountControlFrame();
                    lock (_txLock)
                    {
                        SealAndSend(PacketType.Pong, null, 0, 0, replySink);
                    }
                    return SessionEvent.None;
                case PacketType.Pong:
                    CountControlFrame();
                    return SessionEvent.Pong;
                case PacketType.Rekey:
                    return OnRekey(plaintextOffset, plaintextLength);
                default:
                    return Refused(DropReason.Protocol, _refuse.Violation(FrameRefusal.InvalidInSession));
            }
        }

        private SessionEvent AddFragment(bool isFinal, uint epoch, uint seq, int plaintextOffset, int plaintextLength)
        {
            int messageLength;
            ReassemblyResult result = _reassembler.Add(isFinal, epoch, seq, plaintextLength, out messageLength);
            if (result == ReassemblyResult.Partial)
            {
                return SessionEvent.None;
            }
            if (result == ReassemblyResult.Complete)
            {
                _messageLength = messageLength;
                return SessionEvent.Message;
            }
            // A gap or a broken rule: this frame (and a partial message it broke) are gone, never
            // delivered; a late frame leaves the message in progress, [0, WriteOffset), alone.
            int kept = _reassembler.WriteOffset;
            Secret.Wipe(_message, kept, plaintextOffset + plaintextLength - kept);
            return Refused(DropReason.Protocol, _refuse.Violation(_reassembler));
        }

        // §7 REKEY, responder (KeySchedule.RekeyAsResponder): the next epoch from the current one; the tx seq restarts at 0.
        private SessionEvent OnRekey(int plaintextOffset, int plaintextLength)
        {
            if (plaintextLength != UsmpConstants.RekeySaltSize)
            {
                Secret.Wipe(_message, plaintextOffset, plaintextLength);
                if (_datagram)
                {
                    return Refused(DropReason.Malformed, SessionEvent.Dropped);
                }
                throw new PayloadException("REKEY salt must be 32 bytes");
            }
            lock (_txLock)
            {
                try
                {
                    Array.Copy(_message, plaintextOffset, _schedule.Salt, 0, UsmpConstants.RekeySaltSize);
                    Secret.Wipe(_message, plaintextOffset, UsmpConstants.RekeySaltSize);
                    _schedule.RekeyAsResponder(_clock.NowMilliseconds);
                    SealingEpochChanged();
                }
                finally
                {
                    _schedule.WipeSalt();
                }
            }
            return SessionEvent.None;
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
    }
}
