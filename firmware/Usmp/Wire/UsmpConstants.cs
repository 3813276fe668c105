// Every number of the USMP wire version 2 that protocol code uses, in one place
// (shared/spec/usmp-v2.md; § numbers below). Spec constants first, then implementation
// constants (our own choices, not wire facts) in UsmpLimits.
//
// The wire-format module (firmware/Usmp/Wire) is: this file (sizes, offsets, magic, version),
// PacketType.cs (§2 types and their classification), FrameHeader.cs (§1 header codec and checks),
// UdpDatagram.cs (§8 datagram rules) and Utack.cs (§8 UTACK codec). The device's transports and
// protocol core, the gateway and the crypto wrapper read wire facts from here only.
namespace Usmp
{
    public static class UsmpConstants
    {
        // ---- §1 frame ----
        public const ushort Magic = 0xABCD;          // u16 LE: wire bytes CD AB
        public const byte MagicLow = 0xCD;           // byte 0
        public const byte MagicHigh = 0xAB;          // byte 1
        public const byte Version = 0x02;            // any other value is rejected
        public const int HeaderSize = 12;
        public const int MaxPayload = 480;
        public const int MaxFrame = HeaderSize + MaxPayload;   // 492

        // §1 header offsets (see the table in FrameHeader.cs)
        public const int MagicOffset = 0;
        public const int VersionOffset = 2;
        public const int TypeOffset = 3;
        public const int SeqOffset = 4;
        public const int LengthOffset = 8;
        public const int CrcOffset = 10;
        public const int PayloadOffset = HeaderSize;
        public const int CrcCoveredHeaderSize = CrcOffset;    // header bytes 0-9, then the payload

        // ---- §2 / §3 handshake payloads ----
        public const int DeviceIdSize = 6;
        public const int PublicKeySize = 32;          // X25519 pub_C / pub_S
        public const int PrivateKeySize = 32;         // X25519 scalar
        public const int HandshakeNonceSize = 32;
        public const int SessionIdSize = 16;
        public const int MacSize = 32;                // HMAC-SHA256 proofs
        public const int CookieSize = 16;             // §8 HELLO_RETRY cookie
        public const int KeySize = 32;                // k_c2s, k_s2c
        public const int SessionKeysSize = KeySize + KeySize;   // okm = k_c2s ‖ k_s2c
        public const int MinPskSize = 16;             // §9

        public const int HelloPayloadSize = DeviceIdSize + PublicKeySize;                 // 38
        public const int HelloWithCookiePayloadSize = HelloPayloadSize + CookieSize;      // 54
        public const int ChallengePayloadSize = HandshakeNonceSize + PublicKeySize;       // 64
        public const int HelloAckPayloadSize = MacSize;                                   // 32
        public const int SessionOkPayloadSize = SessionIdSize + MacSize;                  // 48
        public const int HelloRetryPayloadSize = CookieSize;                              // 16

        // §2 HELLO payload offsets: device_id(6) ‖ pub_C(32) [‖ cookie(16)]
        public const int HelloDeviceIdOffset = 0;
        public const int HelloPublicKeyOffset = DeviceIdSize;
        public const int HelloCookieOffset = HelloPayloadSize;

        // §3 handshake sequence numbers
        public const uint HelloSeq = 0;
        public const uint HelloWithCookieSeq = 1;
        public const uint HelloAckSeq = 2;            // even over TCP with no retry
        public const uint ServerHandshakeSeq = 0;     // CHALLENGE, SESSION_OK, HELLO_RETRY

        // ---- §5 session frames ----
        public const int GcmNonceSize = 12;           // seq LE ‖ session_id[0:8]
        public const int GcmTagSize = 16;
        public const int AeadOverhead = GcmNonceSize + GcmTagSize;             // 28
        public const int MaxPlaintext = MaxPayload - AeadOverhead;             // 452
        public const int SealedFrameOverhead = HeaderSize + AeadOverhead;      // 40
        public const int EmptySealedFrameSize = SealedFrameOverhead;           // PING/PONG/BYE

        // ---- §6 sequence numbers ----
        public const int ReplayWindowSize = 64;
        public const uint TerminalSeq = 0xFFFFFFFF;   // never wraps; only BYE may use it

        // ---- §7 fragmentation, control frames, REKEY ----
        public const int MaxFragments = 4;
        public const int MaxMessageSize = MaxPlaintext * MaxFragments;         // 1808
        public const int RekeySaltSize = 32;
        public const int FloodLimit = 8;              // more than 8 PING/PONG ...
        public const int FloodWindowMillis = 1000;    // ... within 1.0 s closes (Python)
    }

    /// <summary>Implementation choices (not wire facts).</summary>
    public static class UsmpLimits
    {
        /// <summary>Frame buffers hold one maximum frame.</summary>
        public const int FrameBufferSize = UsmpConstants.MaxFrame;

        /// <summary>Session.MessageBuffer holds the largest reassembled message.</summary>
        public const int MessageBufferSize = UsmpConstants.MaxMessageSize;

        /// <summary>
        /// After a REKEY the previous keys still open frames for at most this long (KeySchedule.cs):
        /// longer than any ARQ retransmission run (5 attempts of at most 5 s each, §8).
        /// </summary>
        public const int RekeyGraceMillis = 30000;

        /// <summary>... and for at most this many frames (the UDP window's width, §6).</summary>
        public const int RekeyGraceFrames = 64;
    }
}
