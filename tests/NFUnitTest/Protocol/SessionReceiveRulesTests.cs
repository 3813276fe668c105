// Session (firmware/Usmp/Protocol/Session.cs, SessionAccept.cs): the receive rules of §4, §6, §7: reassembly (whole messages
// only, control frames mid-message), TCP strict seq and the typed exceptions of a TCP session,
// silent drops over UDP. Fixture: SessionFixture.cs.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using Usmp.Native;
using static NFUnitTest.Protocol.SessionFixture;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class SessionReceiveRulesTests
    {
        // ---------------------------------------------------------------- reassembly rules (§7)

        [TestMethod]
        public void FourFragmentsWithoutData_TcpProtocolException()
        {
            Session server = Server(false, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            for (uint seq = 0; seq < 3; seq++)
            {
                Assert.AreEqual((int)SessionEvent.None, (int)Feed(server, Seal(PacketType.DataFrag, seq, Bytes.Pattern(452, 1)), sink));
            }
            byte[] fourth = Seal(PacketType.DataFrag, 3, Bytes.Pattern(10, 1));
            Assert.ThrowsException(typeof(ProtocolException), () => Feed(server, fourth, sink));
        }

        [TestMethod]
        public void FourFragmentsWithoutData_UdpDroppedThenNextMessageClean()
        {
            Session server = Server(true, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            for (uint seq = 0; seq < 3; seq++)
            {
                Feed(server, Seal(PacketType.DataFrag, seq, Bytes.Pattern(452, 1)), sink);
            }
            Assert.AreEqual((int)SessionEvent.Dropped, (int)Feed(server, Seal(PacketType.DataFrag, 3, Bytes.Pattern(10, 1)), sink));
            Assert.AreEqual((int)SessionEvent.Dropped, (int)Feed(server, Seal(PacketType.Data, 4, Bytes.Pattern(5, 8)), sink), "the DATA ending the broken message is no message of its own");
            Assert.AreEqual((int)SessionEvent.Message, (int)Feed(server, Seal(PacketType.Data, 5, Bytes.Pattern(5, 9)), sink));
            CollectionAssert.AreEqual(Bytes.Pattern(5, 9), Message(server), "the partial message was cleared");
            Assert.AreEqual(6, sink.UtackCount, "every frame authenticated and was accepted by the window: each acknowledged");
        }

        [TestMethod]
        public void FragmentSeqGap_UdpDroppedAndPartialCleared()
        {
            Session server = Server(true, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            Feed(server, Seal(PacketType.DataFrag, 0, Bytes.Pattern(452, 1)), sink);
            Assert.AreEqual((int)SessionEvent.Dropped, (int)Feed(server, Seal(PacketType.Data, 2, Bytes.Pattern(3, 1)), sink));
            Assert.AreEqual((int)SessionEvent.Message, (int)Feed(server, Seal(PacketType.Data, 3, Bytes.Pattern(4, 2)), sink));
            CollectionAssert.AreEqual(Bytes.Pattern(4, 2), Message(server));
        }

        [TestMethod]
        [DataRow(0x06)]   // PING
        [DataRow(0x07)]   // PONG
        [DataRow(0x0B)]   // REKEY
        public void ControlFrameMidMessage_TcpProtocolException(int type)
        {
            Session server = Server(false, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            Feed(server, Seal(PacketType.DataFrag, 0, Bytes.Pattern(452, 1)), sink);
            byte[] plaintext = type == 0x0B ? Salt : new byte[0];
            Assert.ThrowsException(typeof(ProtocolException), () => Feed(server, Seal((PacketType)type, 1, plaintext), sink));
            Assert.AreEqual(0, sink.Count, "no PONG for a mid-message PING");
        }

        [TestMethod]
        [DataRow(0x06)]
        [DataRow(0x07)]
        [DataRow(0x0B)]
        public void ControlFrameMidMessage_UdpDroppedAndPartialCleared(int type)
        {
            Session server = Server(true, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            Feed(server, Seal(PacketType.DataFrag, 0, Bytes.Pattern(452, 1)), sink);
            byte[] plaintext = type == 0x0B ? Salt : new byte[0];
            Assert.AreEqual((int)SessionEvent.Dropped, (int)Feed(server, Seal((PacketType)type, 1, plaintext), sink));
            Assert.AreEqual((int)SessionEvent.Dropped, (int)Feed(server, Seal(PacketType.Data, 2, Bytes.Pattern(6, 3)), sink), "the interrupted message's tail is not a message");
            Assert.AreEqual((int)SessionEvent.Message, (int)Feed(server, Seal(PacketType.Data, 3, Bytes.Pattern(6, 4)), sink));
            CollectionAssert.AreEqual(Bytes.Pattern(6, 4), Message(server));
            Assert.AreEqual(0, sink.Count, "no PONG, no reply");
        }

        [TestMethod]
        public void ByeMidMessage_Closes()
        {
            Session server = Server(false, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            Feed(server, Seal(PacketType.DataFrag, 0, Bytes.Pattern(452, 1)), sink);
            Assert.AreEqual((int)SessionEvent.Closed, (int)Feed(server, Seal(PacketType.Bye, 1, new byte[0]), sink));
            Assert.IsFalse(server.IsOpen);
        }

        // ---------------------------------------------------------------- TCP strict seq, errors (§4, §6)

        [TestMethod]
        [DataRow(1)]
        [DataRow(5)]
        public void Tcp_SeqSkip_SequenceException(int seq)
        {
            Session server = Server(false, new ManualClock());
            Assert.ThrowsException(typeof(SequenceException), () => Feed(server, Seal(PacketType.Data, (uint)seq, new byte[1]), new FrameRecorder()));
        }

        [TestMethod]
        public void Tcp_Replay_SequenceException()
        {
            Session server = Server(false, new ManualClock());
            byte[] frame = Bytes.FromHex(HandshakeTranscript.ClientSessionFrames[0]);
            Feed(server, frame, new FrameRecorder());
            Assert.ThrowsException(typeof(SequenceException), () => Feed(server, frame, new FrameRecorder()));
        }

        [TestMethod]
        [DataRow(12)]   // carried nonce
        [DataRow(24)]   // first ciphertext byte
        [DataRow(52)]   // last tag byte
        [DataRow(4)]    // seq in the header (AAD and expected nonce)
        public void Tcp_TamperedFrameWithFixedCrc_CryptoException(int position)
        {
            Session client = Client(false, new ManualClock());
            byte[] frame = Bytes.FromHex(HandshakeTranscript.ServerSessionFrames[0]);
            frame[position] ^= 0x01;
            FrameHeader.WriteCrc(frame, 0);
            Assert.ThrowsException(typeof(CryptoException), () => Feed(client, frame, new FrameRecorder()));
            Assert.IsTrue(Bytes.AllZero(client.MessageBuffer), "no plaintext left behind");
            Assert.AreEqual(0u, client.RxSeq, "a forged frame does not move the expected seq");
        }

        [TestMethod]
        public void Tcp_FramingErrors_TypedExceptions()
        {
            Session client = Client(false, new ManualClock());
            byte[] frame = Bytes.FromHex(HandshakeTranscript.ServerSessionFrames[0]);
            frame[30] ^= 0x01;
            Assert.ThrowsException(typeof(CrcException), () => Feed(client, frame, new FrameRecorder()));
            frame = Bytes.FromHex(HandshakeTranscript.ServerSessionFrames[0]);
            frame[0] = 0;
            Assert.ThrowsException(typeof(MagicException), () => Feed(client, frame, new FrameRecorder()));
            frame = Bytes.FromHex(HandshakeTranscript.ServerSessionFrames[0]);
            frame[2] = 1;
            Assert.ThrowsException(typeof(VersionException), () => Feed(client, frame, new FrameRecorder()));
            frame = Bytes.FromHex(HandshakeTranscript.ServerSessionFrames[0]);
            frame[3] = 0x0C;
            Assert.ThrowsException(typeof(FrameTypeException), () => Feed(client, frame, new FrameRecorder()));
            frame = Bytes.FromHex(HandshakeTranscript.ServerSessionFrames[0]);
            Assert.ThrowsException(typeof(PayloadException), () => client.Accept(frame, 0, frame.Length - 1, new FrameRecorder()));
            frame = Bytes.FromHex(HandshakeTranscript.HelloFrame);
            Assert.ThrowsException(typeof(ProtocolException), () => Feed(client, frame, new FrameRecorder()));
        }

        [TestMethod]
        public void Udp_FramingAndCryptoErrors_Dropped()
        {
            Session client = Client(true, new ManualClock());
            int[] positions = new int[] { 0, 2, 3, 30 };
            for (int i = 0; i < positions.Length; i++)
            {
                byte[] frame = Bytes.FromHex(HandshakeTranscript.ServerSessionFrames[0]);
                frame[positions[i]] ^= 0x01;
                Assert.AreEqual((int)SessionEvent.Dropped, (int)Feed(client, frame, new FrameRecorder()), "flip at " + positions[i].ToString());
            }
            Assert.AreEqual((int)SessionEvent.Message, (int)Feed(client, Bytes.FromHex(HandshakeTranscript.ServerSessionFrames[0]), new FrameRecorder()));
        }
    }
}
