// §7 message reassembly, as a state machine over the frames' (type, seq, plaintext length).
// The plaintext bytes themselves are decrypted straight into the session's message buffer at
// WriteOffset, so nothing is copied here.
//
// Rules (the reference Python USMPSession.recv):
//   - a message is DATA_FRAG* DATA: it ends at the first DATA frame;
//   - after the first fragment every fragment's seq must be the previous one + 1;
//   - 4 frames without a DATA is an error ("exceeded max fragments limit"), so a message has
//     at most 4 frames and 4 x 452 = 1808 bytes;
//   - a control frame in the middle of a message is the session's business (Session.cs).
// After an Error the partial message is gone (Reset); the caller throws (TCP) or drops (UDP).
namespace Usmp
{
    public enum ReassemblyResult
    {
        Partial,    // a fragment was added; the message is not finished
        Complete,   // a DATA frame ended the message: Length bytes at offset 0
        Error       // the rules above were broken; ErrorReason says which; state reset
    }

    public sealed class Reassembler
    {
        private int _length;
        private int _frames;
        private uint _lastSeq;
        private string _errorReason;

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

        /// <summary>Why the last Add returned Error.</summary>
        public string ErrorReason
        {
            get { return _errorReason; }
        }

        /// <summary>
        /// Adds one authenticated DATA (isFinal) or DATA_FRAG frame whose plaintext of plaintextLength
        /// bytes is already at WriteOffset. On Complete, messageLength is the whole message's length
        /// and the reassembler is ready for the next message.
        /// </summary>
        public ReassemblyResult Add(bool isFinal, uint seq, int plaintextLength, out int messageLength)
        {
            messageLength = 0;
            if (_frames != 0 && seq != _lastSeq + 1)
            {
                return Error("fragment seq is not the previous fragment's seq + 1");
            }
            _frames++;
            if (!isFinal && _frames >= UsmpConstants.MaxFragments)
            {
                return Error("exceeded max fragments limit");
            }
            _length += plaintextLength;
            _lastSeq = seq;
            if (!isFinal)
            {
                return ReassemblyResult.Partial;
            }
            messageLength = _length;
            Reset();
            return ReassemblyResult.Complete;
        }

        /// <summary>Forgets any partial message.</summary>
        public void Reset()
        {
            _length = 0;
            _frames = 0;
            _lastSeq = 0;
        }

        private ReassemblyResult Error(string reason)
        {
            _errorReason = reason;
            Reset();
            return ReassemblyResult.Error;
        }
    }
}
