// §6 receiving sequence numbers, by transport:
//   TCP  strict order: the authenticated frame's seq must equal the expected one, else
//        SequenceException (the session ends).
//   UDP  the 64-entry ReplayWindow: IsFresh before decryption (cheap drop of replays and stale
//        frames), Accept only AFTER the frame authenticated (craft habit 11), so a forged frame
//        with a fresh seq moves nothing.
// Both: an authenticated seq of 0xFFFFFFFF is an RX overflow (TCP: SequenceException; UDP: drop).
// §7 REKEY restarts everything at 0 (Reset). No allocation, no secrets.
namespace Usmp
{
    internal sealed class RxSequence
    {
        private readonly bool _datagram;
        private readonly ReplayWindow _window = new ReplayWindow();
        private uint _next;
        private uint _lastAuthenticated;

        public RxSequence(bool datagramMode)
        {
            _datagram = datagramMode;
        }

        /// <summary>TCP: the seq expected next. UDP: one past the highest authenticated seq.</summary>
        public uint Next
        {
            get { return _next; }
        }

        /// <summary>The seq of the last frame that authenticated (for the UDP transport's floor, §8).</summary>
        public uint LastAuthenticated
        {
            get { return _lastAuthenticated; }
        }

        /// <summary>Before decryption. UDP: false for a replayed seq or one older than the window. TCP: always true.</summary>
        public bool IsFresh(uint seq)
        {
            return !_datagram || _window.IsFresh(seq);
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
            }
            else
            {
                if (seq != _next)
                {
                    throw new SequenceException("sequence mismatch: expected " + _next.ToString() + ", got " + seq.ToString());
                }
                _next = seq + 1;
            }
            _lastAuthenticated = seq;
            return true;
        }

        /// <summary>§7 REKEY: the new keys start at seq 0 with an empty window.</summary>
        public void Reset()
        {
            _next = 0;
            _lastAuthenticated = 0;
            _window.Reset();
        }
    }
}
