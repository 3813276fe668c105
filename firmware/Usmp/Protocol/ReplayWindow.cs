// §6 UDP receive window: 64 entries, the same rule as the reference Python and C cores.
//
//   rx_seq   the highest AUTHENTICATED seq so far (0 before any frame)
//   bitmap   bit i set = seq (rx_seq - i) has been authenticated
//
// A frame is dropped if seq <= rx_seq - 64 or its bit is already set; otherwise it may be
// decrypted. Only AFTER the frame authenticates does Accept move the window (or set the frame's
// bit when it is older than rx_seq), so a forged frame with a fresh seq changes nothing.
// REKEY resets it (Reset). No allocation, no secrets.
namespace Usmp
{
    public sealed class ReplayWindow
    {
        private uint _highest;
        private ulong _bitmap;

        /// <summary>The highest authenticated seq (0 before any frame).</summary>
        public uint Highest
        {
            get { return _highest; }
        }

        /// <summary>True when seq may be decrypted: not older than the window, not seen before.</summary>
        public bool IsFresh(uint seq)
        {
            if (seq > _highest)
            {
                return true;
            }
            uint age = _highest - seq;
            if (age >= UsmpConstants.ReplayWindowSize)
            {
                return false;
            }
            return (_bitmap & (1UL << (int)age)) == 0;
        }

        /// <summary>
        /// True when seq is inside the window and already authenticated: a duplicate of a frame that
        /// was accepted (§8: an honest retransmission is acknowledged again, never delivered again).
        /// </summary>
        public bool HasSeen(uint seq)
        {
            if (seq > _highest)
            {
                return false;
            }
            uint age = _highest - seq;
            return age < UsmpConstants.ReplayWindowSize && (_bitmap & (1UL << (int)age)) != 0;
        }

        /// <summary>Records seq as seen. Call only after the frame authenticated, and only if IsFresh(seq).</summary>
        public void Accept(uint seq)
        {
            if (seq > _highest)
            {
                uint advance = seq - _highest;
                _bitmap = advance >= UsmpConstants.ReplayWindowSize ? 0UL : _bitmap << (int)advance;
                _bitmap |= 1UL;
                _highest = seq;
                return;
            }
            uint age = _highest - seq;
            if (age < UsmpConstants.ReplayWindowSize)
            {
                _bitmap |= 1UL << (int)age;
            }
        }

        /// <summary>Back to the empty window at 0 (after the handshake, and after REKEY).</summary>
        public void Reset()
        {
            _highest = 0;
            _bitmap = 0;
        }
    }
}
