// §6 receiving sequence numbers of ONE key epoch (KeyEpoch), by transport:
//   TCP  strict order: the authenticated frame's seq must equal the expected one, else
//        SequenceException (the session ends).
//   UDP  the 64-entry ReplayWindow: Classify before decryption (a stale seq is dropped without
//        opening; a seq already accepted is a duplicate, opened only to tell an honest
//        retransmission, which is acknowledged again, from a forgery), Accept only AFTER the frame
//        authenticated (craft habit 11), so a forged frame with a fresh seq moves nothing.
// Both: an authenticated seq of 0xFFFFFFFF is an RX overflow (TCP: SequenceException; UDP: drop).
// §7 REKEY starts a new epoch, whose sequence starts at 0 (Reset). No allocation, no secrets.
namespace Usmp
{
    internal enum RxSeqState
    {
        Fresh,      // may be new: open it, then Accept
        Duplicate,  // UDP: inside the window and already accepted
        Stale       // UDP: older than the window: dropped unopened
    }

    internal sealed class RxSequence
    {
        private readonly bool _datagram;
        private readonly ReplayWindow _window = new ReplayWindow();
        private uint _next;

        public RxSequence(bool datagramMode)
        {
            _datagram = datagramMode;
        }

        /// <summary>TCP: the seq expected next. UDP: one past the highest authenticated seq.</summary>
        public uint Next
        {
            get { return _next; }
        }

        /// <summary>Before decryption. TCP: always Fresh (the order is checked after it opened).</summary>
        public RxSeqState Classify(uint seq)
        {
            if (!_datagram || _window.IsFresh(seq))
            {
                return RxSeqState.Fresh;
            }
            return _window.HasSeen(seq) ? RxSeqState.Duplicate : RxSeqState.Stale;
        }

        /// <summary>
        /// After the frame authenticated: RX overflow, then TCP strict order or the UDP window.
        /// False = drop (UDP only); TCP problems throw SequenceException.
        /// </summary>
        public bool Accept(uint seq)
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
                if (seq >= _next)
                {
                    _next = seq + 1;
                }
                return true;
            }
            if (seq != _next)
            {
                throw new SequenceException("sequence mismatch: expected " + _next.ToString() + ", got " + seq.ToString());
            }
            _next = seq + 1;
            return true;
        }

        /// <summary>A new epoch: the sequence starts at 0 with an empty window.</summary>
        public void Reset()
        {
            _next = 0;
            _window.Reset();
        }
    }
}
