// The shared fixture of the Session tests (SessionTranscriptTests, SessionReceiveRulesTests,
// SessionUdpWindowTests, SessionLimitsTests, SessionRekeyAndCloseTests, KeyEpochTests): both
// sides of the TCP transcript's session (tests/vectors/data/handshake-transcript.json keys),
// frames sealed on purpose, and a pair of sessions wired through FrameRecorders.
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using Usmp.Native;

namespace NFUnitTest.Protocol
{
    internal static class SessionFixture
    {
        // The REKEY salt the sessions' ScriptedRandom hands out (32 bytes, §7).
        public static readonly byte[] Salt = new byte[]
        {
            0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
            0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f
        };

        public static Session Client(bool datagram, ManualClock clock)
        {
            return Client(datagram, clock, new ScriptedRandom(new byte[][] { Salt }));
        }

        public static Session Server(bool datagram, ManualClock clock)
        {
            return Server(datagram, clock, new ScriptedRandom(new byte[][] { Salt }));
        }

        // §3 step 3: the client sends with k_c2s; the server the opposite.
        public static Session Client(bool datagram, ManualClock clock, IRandomSource random)
        {
            SessionKeys keys = SessionKeys.ForClient(Bytes.FromHex(HandshakeTranscript.KC2s), Bytes.FromHex(HandshakeTranscript.KS2c), Bytes.FromHex(HandshakeTranscript.SessionId));
            return new Session(keys, datagram, random, clock);
        }

        public static Session Server(bool datagram, ManualClock clock, IRandomSource random)
        {
            SessionKeys keys = SessionKeys.ForServer(Bytes.FromHex(HandshakeTranscript.KC2s), Bytes.FromHex(HandshakeTranscript.KS2c), Bytes.FromHex(HandshakeTranscript.SessionId));
            return new Session(keys, datagram, random, clock);
        }

        // A client->server frame of any type/seq/plaintext under k_c2s (to break rules on purpose).
        public static byte[] Seal(PacketType type, uint seq, byte[] plaintext)
        {
            byte[] frame = new byte[UsmpConstants.SealedFrameOverhead + plaintext.Length];
            UsmpCrypto.SealFrame(frame, 0, (byte)type, seq, Bytes.FromHex(HandshakeTranscript.KC2s), Bytes.FromHex(HandshakeTranscript.SessionId), plaintext, 0, plaintext.Length);
            return frame;
        }

        public static SessionEvent Feed(Session session, byte[] frame, IFrameSink reply)
        {
            return session.Accept(frame, 0, frame.Length, reply);
        }

        public static byte[] Message(Session session)
        {
            return Bytes.Slice(session.MessageBuffer, 0, session.MessageLength);
        }
    }

    // A client and a server session of one handshake on one manual clock, each side's frames
    // recorded (ToServer: what the client sent; ToClient: what the server sent). Random sources that
    // never run out (FixedRandomSource), so a test may REKEY as often as it likes.
    internal sealed class SessionPair
    {
        public readonly ManualClock Clock = new ManualClock();
        public readonly Session Client;
        public readonly Session Server;
        public readonly FrameRecorder ToServer = new FrameRecorder();
        public readonly FrameRecorder ToClient = new FrameRecorder();

        public SessionPair(bool datagram)
        {
            Client = SessionFixture.Client(datagram, Clock, new FixedRandomSource(new byte[] { 0x31, 0x41, 0x59 }));
            Server = SessionFixture.Server(datagram, Clock, new FixedRandomSource(new byte[] { 0x27, 0x18 }));
        }
    }
}
