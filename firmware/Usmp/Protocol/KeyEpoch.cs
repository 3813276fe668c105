// One generation of session keys (spec usmp-v2.md §3 step 3, §5, §7 REKEY, §8 UTACK), after
// WireGuard's keypair: everything that belongs to one set of keys lives here and nowhere else:
//   tx key     seals our frames;                  verifies the UTACKs for them (§8: the receiver
//                                                 MACs with its rx key = our tx key)
//   rx key     opens the peer's frames;           MACs the UTACKs we send for them
//   rx state   TCP strict order or the UDP 64-entry window, for THIS epoch's seqs (§6: each
//              epoch restarts at 0)
// A REKEY does not change an epoch: KeySchedule derives the NEXT epoch from the current one and
// swaps, keeping this one as the previous epoch for a bounded grace (see KeySchedule.cs). So a
// UTACK is always MACed and checked with the keys of the epoch its frame was sealed under, and no
// transport holds a key copy that would have to be kept in step by hand.
//
// Over UDP one native call per frame each way: the seal also writes the UTACK the peer must send
// for that frame (into the session's buffer: Session keeps the receipt of the last frame sealed
// and checks it with a constant-time compare), and the open also writes the UTACK for a frame
// that authenticated (into the caller's buffer). A receipt for any other frame sealed here is
// checked by its MAC under the tx key (UtackMatches, one native call).
//
// Secrets: _txKey and _rxKey. Wiped by Wipe() (next REKEY reuses the object, grace expiry,
// session close) and the rx key alone by CloseReceive() (grace over). Allocated once per session.
// No allocation per frame.
using Usmp.Native;

namespace Usmp
{
    internal sealed class KeyEpoch
    {
        private readonly byte[] _txKey = new byte[UsmpConstants.KeySize];
        private readonly byte[] _rxKey = new byte[UsmpConstants.KeySize];
        private readonly RxSequence _rx;
        private uint _number;
        private bool _hasTxKey;
        private bool _opensFrames;

        public KeyEpoch(bool datagramMode)
        {
            _rx = new RxSequence(datagramMode);
        }

        /// <summary>0 for the handshake's keys, +1 per REKEY. Names the epoch a sealed frame belongs to.</summary>
        public uint Number { get { return _number; } }

        /// <summary>The tx key is live: UTACKs for frames sealed under this epoch can still be checked.</summary>
        public bool HasTxKey { get { return _hasTxKey; } }

        /// <summary>Inbound frames may be opened under this epoch (the current one; the previous one during its grace).</summary>
        public bool OpensFrames { get { return _opensFrames; } }

        /// <summary>This epoch's receive sequence (§6).</summary>
        public RxSequence Rx { get { return _rx; } }

        // Test access (InternalsVisibleTo): the live key buffers, to check they are wiped.
        internal byte[] TxKey { get { return _txKey; } }

        internal byte[] RxKey { get { return _rxKey; } }

        /// <summary>§3: the handshake's keys (copied) as epoch `number`.</summary>
        public void Load(uint number, byte[] txKey, byte[] rxKey)
        {
            System.Array.Copy(txKey, _txKey, UsmpConstants.KeySize);
            System.Array.Copy(rxKey, _rxKey, UsmpConstants.KeySize);
            Start(number);
        }

        /// <summary>
        /// §7 REKEY, initiator: okm = HKDF(from.tx ‖ from.rx, salt, "usmp-rekey" ‖ session_id, 64);
        /// this epoch's tx = okm[0:32], rx = okm[32:64]. One native call, straight into our buffers.
        /// </summary>
        public void DeriveAsInitiator(KeyEpoch from, byte[] salt, byte[] sessionId)
        {
            UsmpCrypto.RekeyDerive(_txKey, _rxKey, from._txKey, from._rxKey, salt, sessionId);
            Start(from._number + 1);
        }

        /// <summary>§7 REKEY, responder: the initiator's okm (its tx is our rx); rx = okm[0:32], tx = okm[32:64].</summary>
        public void DeriveAsResponder(KeyEpoch from, byte[] salt, byte[] sessionId)
        {
            UsmpCrypto.RekeyDerive(_rxKey, _txKey, from._rxKey, from._txKey, salt, sessionId);
            Start(from._number + 1);
        }

        /// <summary>§5: seals one frame under the tx key; returns its length. utack (15 bytes over UDP, empty over TCP) receives, in the same native call, the UTACK the peer must send for it (§8).</summary>
        public int Seal(byte[] output, byte type, uint seq, byte[] sessionId, byte[] plaintext, int offset, int count, byte[] utack)
        {
            return UsmpCrypto.SealFrame(output, 0, type, seq, _txKey, sessionId, plaintext, offset, count, utack);
        }

        /// <summary>§5: opens one frame under the rx key: plaintext length, or a negative NativeStatus. utack (15 bytes, or empty over TCP) receives the frame's UTACK only if it opened (§8).</summary>
        public int Open(byte[] plaintext, int plaintextOffset, byte[] frame, int offset, int length, byte[] sessionId, byte[] utack)
        {
            return UsmpCrypto.OpenFrame(plaintext, plaintextOffset, frame, offset, length, _rxKey, sessionId, utack);
        }

        /// <summary>§8: the UTACK for a frame that opened under this epoch, MACed with the rx key; returns 15.</summary>
        public int WriteUtack(byte[] output, int offset, byte type, uint seq)
        {
            return Utack.Write(output, offset, type, seq, _rxKey);
        }

        /// <summary>
        /// §8: a UTACK for (type, seq) of a frame we sealed under this epoch, its MAC checked under
        /// the tx key (one native call). The last frame the session sealed does not come here: its
        /// receipt is a compare with the UTACK its seal computed (Session.UtackMatches).
        /// </summary>
        public bool UtackMatches(byte[] datagram, int offset, int length, byte type, uint seq)
        {
            return _hasTxKey && Utack.Matches(datagram, offset, length, type, seq, _txKey);
        }

        /// <summary>The grace is over: no more frames open under this epoch; the rx key is wiped.</summary>
        public void CloseReceive()
        {
            _opensFrames = false;
            Secret.Wipe(_rxKey);
        }

        /// <summary>Zeroes both keys and forgets the receive state. Idempotent.</summary>
        public void Wipe()
        {
            CloseReceive();
            Secret.Wipe(_txKey);
            _hasTxKey = false;
            _rx.Reset();
        }

        private void Start(uint number)
        {
            _number = number;
            _rx.Reset();
            _hasTxKey = true;
            _opensFrames = true;
        }
    }
}
