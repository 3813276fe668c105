// What a refused inbound frame does to an established session, by transport (§4, §6-§8):
//   TCP  every problem throws its typed exception and the session ends (a byte stream cannot
//        resynchronise past a bad frame);
//   UDP  the datagram is dropped silently (SessionEvent.Dropped) and the session continues
//        (§8: an attacker must not be able to end it with one forged datagram).
// A failed open gives ONE generic CryptoException for tag and carried nonce alike (no oracle).
// No allocation on UDP; no secrets.
using Usmp.Native;

namespace Usmp
{
    internal sealed class FrameRefusal
    {
        private readonly bool _datagram;

        public FrameRefusal(bool datagramMode)
        {
            _datagram = datagramMode;
        }

        /// <summary>Public-byte framing problems (FrameHeader.TryDecode): typed FrameException on TCP.</summary>
        public SessionEvent Frame(FrameStatus status)
        {
            if (_datagram)
            {
                return SessionEvent.Dropped;
            }
            FrameHeader.ThrowIfNotOk(status);
            return SessionEvent.Dropped;   // not reached
        }

        /// <summary>OpenFrame's non-Ok outcome: CrcException, PayloadException or CryptoException on TCP.</summary>
        public SessionEvent Open(NativeStatus status)
        {
            if (_datagram)
            {
                return SessionEvent.Dropped;
            }
            if (status == NativeStatus.BadCrc)
            {
                throw new CrcException("frame CRC mismatch");
            }
            if (status == NativeStatus.Malformed)
            {
                throw new PayloadException("encrypted payload shorter than nonce + tag (28 bytes)");
            }
            throw new CryptoException("frame did not authenticate (GCM tag or carried nonce)");
        }

        /// <summary>§7: a PING, PONG or REKEY inside a fragmented message: ProtocolException on TCP (the text is built only there).</summary>
        public SessionEvent MidMessage(PacketType type)
        {
            if (_datagram)
            {
                return SessionEvent.Dropped;
            }
            string what = type == PacketType.Ping ? "PING" : type == PacketType.Pong ? "PONG" : "REKEY";
            throw new ProtocolException(what + " in the middle of a fragmented message");
        }

        /// <summary>A protocol rule broken by an authenticated frame: ProtocolException on TCP.</summary>
        // Violation reasons: numbers, so that a UDP refusal loads no string (nanoCLR's ldstr
        // allocates); the text is built only on the TCP path, which throws.
        public const int HandshakeInSession = 0;
        public const int RekeyCollision = 1;
        public const int InvalidInSession = 2;

        public SessionEvent Violation(int reason)
        {
            if (_datagram)
            {
                return SessionEvent.Dropped;
            }
            throw new ProtocolException(ViolationText(reason));
        }

        // §7 whole messages only: the reassembler's reason (read only when throwing).
        public SessionEvent Violation(Reassembler reassembler)
        {
            if (_datagram)
            {
                return SessionEvent.Dropped;
            }
            throw new ProtocolException(reassembler.ErrorReason);
        }

        private static string ViolationText(int reason)
        {
            switch (reason)
            {
                case HandshakeInSession: return "handshake frame inside an established session";
                case RekeyCollision: return "REKEY sealed under keys already replaced: both sides started a REKEY";
                default: return "packet type not valid in a session";
            }
        }
    }
}
