// §6 sending sequence numbers: the seq is reserved (burned) BEFORE the frame is sealed and
// written, so a failed write never reuses a nonce. 0xFFFFFFFF (TerminalSeq) is terminal: only
// BYE may use it, and the counter stays there. §7 REKEY restarts it at 0 (Reset).
// No allocation, no secrets. The caller (Session) serialises access with its send lock.
namespace Usmp
{
    internal sealed class TxSequence
    {
        private uint _next;

        /// <summary>The seq the next sent frame will use.</summary>
        public uint Next
        {
            get { return _next; }
        }

        /// <summary>Reserves the seq for one frame of this type; SequenceException at the terminal seq unless BYE.</summary>
        public uint Reserve(PacketType type)
        {
            if (_next >= UsmpConstants.TerminalSeq)
            {
                if (type != PacketType.Bye)
                {
                    throw new SequenceException("TX sequence exhausted (0xFFFFFFFF): only BYE may be sent");
                }
                return UsmpConstants.TerminalSeq;
            }
            return _next++;
        }

        /// <summary>§7 REKEY: the new keys start at seq 0.</summary>
        public void Reset()
        {
            _next = 0;
        }

        /// <summary>Test-only: start sending at this seq (to reach the terminal 0xFFFFFFFF).</summary>
        internal void SetForTest(uint seq)
        {
            _next = seq;
        }
    }
}
