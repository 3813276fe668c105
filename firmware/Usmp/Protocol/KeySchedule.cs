// The keys of one session over time (spec §7 REKEY, §8 UTACK): the CURRENT KeyEpoch, which seals
// everything we send, and the PREVIOUS one, kept for a bounded grace after a REKEY. A REKEY
// derives the next epoch from the current one and swaps; nothing is changed in place.
//
// Why a grace (issue 10 class 3, where we depart from the reference, which replaces its keys at
// once): frames the peer sealed under the old keys before it saw the REKEY are still on their way
// (TCP: already in the stream; UDP: the peer's pending frame, retransmitted by its ARQ), and a
// retransmitted REKEY whose UTACK was lost must be acknowledged again under the keys it was sealed
// with, or the initiator's ARQ gives up. During the grace such frames open under the previous
// epoch, each under its own replay window (§6), and their UTACKs are MACed with the previous rx
// key. The previous epoch stops opening frames at the FIRST of:
//   - the peer's first frame that opens under the current epoch: the peer has switched, and since
//     its frames arrive in order (TCP) or one at a time, each acknowledged before the next (UDP
//     ARQ), nothing it sealed under the old keys is still owed;
//   - RekeyGraceFrames (64) frames accepted under it: the UDP window's width; a peer that keeps
//     sealing under the old keys longer than that is not catching up with the REKEY, and the old
//     key should not open an unbounded stream;
//   - RekeyGraceMillis (30 s) after the swap: longer than any ARQ retransmission run (5 attempts,
//     each at most 5 s, §8), so every honest retransmission is covered.
// After the first two only the rx key is wiped; the tx key stays until the time bound (or the
// next REKEY) so that a UTACK for one of OUR frames sealed under it can still be checked (a
// gateway seals its REKEY and switches before its ARQ has even sent it). Frames are never
// opened under the previous epoch after its grace. Expire runs lazily on every Accept and send
// and from the keepalive / watchdog ticks.
//
// Secrets: both epochs' keys and the REKEY salt (Salt, filled by the caller, wiped by WipeSalt
// right after every derivation). Wipe() zeroes everything (session close). No allocation per frame.
using System;
using Usmp.Native;

namespace Usmp
{
    internal sealed class KeySchedule
    {
        /// <summary>Open's result when the seq is older than the window of every epoch that opens frames (UDP).</summary>
        public const int NotFresh = int.MinValue;

        private readonly byte[] _sessionId = new byte[UsmpConstants.SessionIdSize];
        private readonly byte[] _salt = new byte[UsmpConstants.RekeySaltSize];
        private KeyEpoch _current;
        private KeyEpoch _previous;
        private long _graceStart;
        private int _graceFrames;
        private bool _previousOpens;      // = _previous.OpensFrames, kept here: read on every frame
        private bool _previousHasTxKey;   // = _previous.HasTxKey, likewise

        /// <summary>Epoch 0 from the handshake's keys (copied; the caller wipes its own).</summary>
        public KeySchedule(SessionKeys keys, bool datagramMode)
        {
            _current = new KeyEpoch(datagramMode);
            _previous = new KeyEpoch(datagramMode);
            _current.Load(0, keys.TxKey, keys.RxKey);
            Array.Copy(keys.SessionId, _sessionId, UsmpConstants.SessionIdSize);
        }

        public KeyEpoch Current { get { return _current; } }

        public KeyEpoch Previous { get { return _previous; } }

        /// <summary>Bytes 0-7 go into every GCM nonce (§5).</summary>
        public byte[] SessionId { get { return _sessionId; } }

        /// <summary>The 32-byte REKEY salt: from the RNG (initiator) or the REKEY payload (responder).</summary>
        public byte[] Salt { get { return _salt; } }

        /// <summary>
        /// Opens one session frame under the current epoch, then under the previous one while it
        /// opens frames. Returns the plaintext length with the epoch that opened it and whether the
        /// seq was already accepted in that epoch (a duplicate); or a negative NativeStatus (the
        /// plaintext range is zeroed); or NotFresh when no epoch's window admits the seq. utack (15
        /// bytes over UDP, empty over TCP) receives the frame's UTACK, MACed under the rx key of the
        /// epoch that opened it, in the same native call; it is zero unless the frame opened.
        /// </summary>
        public int Open(byte[] plaintext, int plaintextOffset, byte[] frame, int offset, int length, uint seq, byte[] utack,
            out KeyEpoch epoch, out bool duplicate)
        {
            epoch = null;
            duplicate = false;
            int result = NotFresh;
            KeyEpoch candidate = _current;   // opens frames for as long as the session is open
            for (int i = 0; i < 2; i++)
            {
                if (i == 1)
                {
                    if (!_previousOpens)
                    {
                        break;
                    }
                    candidate = _previous;
                }
                RxSeqState state = candidate.Rx.Classify(seq);
                if (state == RxSeqState.Stale)
                {
                    continue;
                }
                result = candidate.Open(plaintext, plaintextOffset, frame, offset, length, _sessionId, utack);
                if (result >= 0)
                {
                    epoch = candidate;
                    duplicate = state == RxSeqState.Duplicate;
                    return result;
                }
                if (result != (int)NativeStatus.AuthFailed)
                {
                    return result;   // CRC or size: public bytes, the same under any key
                }
            }
            return result;
        }

        /// <summary>A fresh frame was accepted under epoch: ends or counts the previous epoch's grace.</summary>
        public void Accepted(KeyEpoch epoch)
        {
            if (epoch == _current)
            {
                if (_previousOpens)
                {
                    CloseReceivePrevious();   // the peer has switched
                }
                return;
            }
            if (++_graceFrames >= UsmpLimits.RekeyGraceFrames)
            {
                CloseReceivePrevious();
            }
        }

        /// <summary>Wipes the previous epoch once RekeyGraceMillis have passed since the swap.</summary>
        public void Expire(long now)
        {
            if (_previousHasTxKey && now - _graceStart >= UsmpLimits.RekeyGraceMillis)
            {
                WipePrevious();
            }
        }

        /// <summary>§7 REKEY, initiator (Salt sent): the next epoch from the current one; swap.</summary>
        public void RekeyAsInitiator(long now)
        {
            KeyEpoch next = _previous;
            WipePrevious();
            next.DeriveAsInitiator(_current, _salt, _sessionId);
            Swap(next, now);
        }

        /// <summary>§7 REKEY, responder (Salt from the REKEY that opened under the current epoch): derive; swap.</summary>
        public void RekeyAsResponder(long now)
        {
            KeyEpoch next = _previous;
            WipePrevious();
            next.DeriveAsResponder(_current, _salt, _sessionId);
            Swap(next, now);
        }

        /// <summary>§8: a UTACK for (type, seq) of a frame we sealed under epoch `epochNumber`, checked with that epoch's tx key.</summary>
        public bool UtackMatches(byte[] datagram, int offset, int length, byte type, uint seq, uint epochNumber)
        {
            if (_current.Number == epochNumber)
            {
                return _current.UtackMatches(datagram, offset, length, type, seq);
            }
            return _previous.Number == epochNumber && _previous.UtackMatches(datagram, offset, length, type, seq);
        }

        public void WipeSalt()
        {
            Secret.Wipe(_salt);
        }

        /// <summary>Zeroes both epochs, the salt and the session id. Idempotent.</summary>
        public void Wipe()
        {
            _current.Wipe();
            WipePrevious();
            Secret.Wipe(_salt);
            Array.Clear(_sessionId, 0, _sessionId.Length);   // public: cleared for hygiene
        }

        private void CloseReceivePrevious()
        {
            _previous.CloseReceive();
            _previousOpens = false;
        }

        private void WipePrevious()
        {
            _previous.Wipe();
            _previousOpens = false;
            _previousHasTxKey = false;
        }

        private void Swap(KeyEpoch next, long now)
        {
            _previousOpens = true;      // the epoch being replaced keeps opening and checking for its grace
            _previousHasTxKey = true;
            _previous = _current;
            _current = next;
            _graceStart = now;
            _graceFrames = 0;
        }
    }
}
