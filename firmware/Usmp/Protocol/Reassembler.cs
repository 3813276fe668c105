// §7 message reassembly, as a state machine over the ACCEPTED frames' (type, epoch, seq, plaintext
// length), in the order they were accepted. The plaintext bytes themselves are decrypted straight
// into the session's message buffer at WriteOffset, so nothing is copied here.
//
// The reference's rules (Python USMPSession.recv): a message is DATA_FRAG* DATA and ends at the
// first DATA; after its first fragment every fragment's seq is the previous one + 1; 4 frames
// without a DATA is an error ("exceeded max fragments limit"), so at most 4 x 452 = 1808 bytes.
//
// Where we depart (issue 10 class 2): the reference starts a message at ANY frame and takes a
// lone DATA for a whole message, so a receiver that missed the first fragments of a message (a
// gap in the seqs) delivers its tail as if it were whole. Here a message must also START right
// after the last frame accepted before it, and at a message boundary:
//   - "follows": same epoch and seq = last accepted seq + 1, or the first frame of a newer epoch
//     at seq 0 (§7: each epoch's seqs restart at 0), or seq 0 as the session's first frame;
//   - "boundary": the frame accepted before it ended a message (a DATA) or was a control frame at
//     a boundary; after a fragment, a gap, or a broken message, we are INSIDE an unknown message
//     until a DATA ends it.
// Any gap drops the partial message; frames up to the DATA that ends the broken message are
// discarded (Discarded), so a gap never yields a shorter message: the message right after a gap
// is dropped too unless its start is proved. A message never spans two epochs. Honest senders
// never cause this: over TCP the order is strict, and over UDP a sender moves to its next frame
// only after an authenticated UTACK for this one (§8), so frames arrive consecutively.
// After Error or Discarded the session throws (TCP) or drops (UDP). No allocation, no secrets
// (the error reasons are literals, read only on those paths).
namespace Usmp
{
    public enum ReassemblyResult
    {
        Partial,    // a fragment was added; the message is not finished
        Complete,   // a DATA frame ended the message: Length bytes at offset 0
        Error,      // a rule above was broken inside a message; ErrorReason says which; partial message dropped
        Discarded   // a frame of a message whose start was not accepted (after a gap), or a late frame: dropped
    }

    public sealed class Reassembler
    {
        private int _length;
        private int _frames;
        private bool _hasLast;
        private uint _lastEpoch;
        private uint _lastSeq;
        private bool _atBoundary = true;
        private int _error;   // why the last Error / Discarded (an Error* number: no string per frame)

        private const int ErrorNone = 0, ErrorLate = 1, ErrorSeqGap = 2, ErrorTooManyFragments = 3, ErrorStartNotProved = 4;

        /// <summary>True while a fragmented message has started and not ended.</summary>
        public bool InProgress
        {
            get { return _frames != 0; }
        }

        /// <summary>Where the next frame's plaintext goes in the message buffer (= bytes so far).</summary>
        public int WriteOffset
        {
            get { return _length; }
        }

        /// <summary>False while inside a message whose start was not accepted (frames are discarded until its DATA).</summary>
        public bool AtBoundary
        {
            get { return _atBoundary && _frames == 0; }
        }

        /// <summary>Why the last Add returned Error or Discarded.</summary>
        public string ErrorReason
        {
            get
            {
                switch (_error)
                {
                    case ErrorLate: return "a late frame, behind the last accepted one";
                    case ErrorSeqGap: return "fragment seq is not the previous fragment's seq + 1";
                    case ErrorTooManyFragments: return "exceeded max fragments limit";
                    case ErrorStartNotProved: return "message start not proved: a frame before it is missing";
                    default: return null;
                }
            }
        }

        /// <summary>
        /// Adds one accepted DATA (isFinal) or DATA_FRAG frame whose plaintext of plaintextLength
        /// bytes is already at WriteOffset. On Complete, messageLength is the whole message's length
        /// and the reassembler is ready for the next message.
        /// </summary>
        public ReassemblyResult Add(bool isFinal, uint epoch, uint seq, int plaintextLength, out int messageLength)
        {
            messageLength = 0;
            if (IsLate(epoch, seq))
            {
                _error = ErrorLate;
                return ReassemblyResult.Discarded;
            }
            bool follows = Follows(epoch, seq);
            bool sameEpoch = _hasLast && epoch == _lastEpoch;
            _hasLast = true;   // Advance(epoch, seq), written out: this runs for every frame
            _lastEpoch = epoch;
            _lastSeq = seq;
            if (_frames != 0)
            {
                if (!follows || !sameEpoch)
                {
                    return Broken(isFinal, ReassemblyResult.Error, ErrorSeqGap);
                }
                if (!isFinal && _frames + 1 >= UsmpConstants.MaxFragments)
                {
                    return Broken(false, ReassemblyResult.Error, ErrorTooManyFragments);
                }
            }
            else if (!follows || !_atBoundary)
            {
                return Broken(isFinal, ReassemblyResult.Discarded, ErrorStartNotProved);
            }
            _frames++;
            _length += plaintextLength;
            if (!isFinal)
            {
                _atBoundary = false;
                return ReassemblyResult.Partial;
            }
            messageLength = _length;
            _length = 0;   // ClearPartial(), written out: this runs for every message
            _frames = 0;
            _atBoundary = true;
            return ReassemblyResult.Complete;
        }

        /// <summary>
        /// An accepted control frame (PING, PONG, REKEY, BYE). Returns true when it came in the middle
        /// of a message: the partial message is dropped and the rest of it will be discarded.
        /// </summary>
        public bool Control(uint epoch, uint seq)
        {
            if (IsLate(epoch, seq))
            {
                return false;   // from before the current message: changes nothing here
            }
            bool follows = Follows(epoch, seq);
            Advance(epoch, seq);
            if (_frames != 0)
            {
                ClearPartial();
                _atBoundary = false;
                return true;
            }
            _atBoundary = _atBoundary && follows;
            return false;
        }

        /// <summary>Forgets everything: the next message starts at seq 0 (a new session).</summary>
        public void Reset()
        {
            ClearPartial();
            _hasLast = false;
            _lastEpoch = 0;
            _lastSeq = 0;
            _atBoundary = true;
        }

        // The frame comes right after the last accepted one (see the top of the file).
        private bool Follows(uint epoch, uint seq)
        {
            if (!_hasLast)
            {
                return seq == 0;
            }
            if (epoch == _lastEpoch)
            {
                return _lastSeq != UsmpConstants.TerminalSeq && seq == _lastSeq + 1;
            }
            return epoch > _lastEpoch && seq == 0;
        }

        // A frame behind the last accepted one (UDP: a fresh seq inside the window that arrived after a
        // later one). It says nothing about where the stream is now: a late DATA must not declare a
        // boundary after the last accepted frame (that would let a tail start a message), and a late
        // frame cannot belong to the message in progress (whose frames are consecutive up to the last
        // one). So it is discarded and changes no state. Honest senders never cause it (§8 ARQ).
        private bool IsLate(uint epoch, uint seq)
        {
            return _hasLast && (epoch < _lastEpoch || (epoch == _lastEpoch && seq <= _lastSeq));
        }

        private void Advance(uint epoch, uint seq)
        {
            _hasLast = true;
            _lastEpoch = epoch;
            _lastSeq = seq;
        }

        private ReassemblyResult Broken(bool endsMessage, ReassemblyResult result, int error)
        {
            _error = error;
            ClearPartial();
            _atBoundary = endsMessage;
            return result;
        }

        private void ClearPartial()
        {
            _length = 0;
            _frames = 0;
        }
    }
}
