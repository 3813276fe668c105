// Session (firmware/Usmp/Protocol/Session.cs) against tests/vectors/data/handshake-transcript.json
// (every DATA/PING/PONG/BYE frame, both directions, byte for byte) and fragmentation.json, plus
// the §6/§7 rules: 1808/1809, reassembly, TCP strict seq, the numbered UDP window cases, the
// control-frame flood, the 0xFFFFFFFF terminal seq, REKEY between two sessions, wipe on Close.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using Usmp.Native;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class SessionTests
    {
        private static readonly byte[] s_salt = new byte[]
        {
            0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
            0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f
        };

        private static Session Client(bool datagram, ManualClock clock)
        {
            SessionKeys keys = SessionKeys.ForClient(Bytes.FromHex(HandshakeTranscript.KC2s), Bytes.FromHex(HandshakeTranscript.KS2c), Bytes.FromHex(HandshakeTranscript.SessionId));
            return new Session(keys, datagram, new ScriptedRandom(new byte[][] { s_salt }), clock);
        }

        private static Session Server(bool datagram, ManualClock clock)
        {
            SessionKeys keys = SessionKeys.ForServer(Bytes.FromHex(HandshakeTranscript.KC2s), Bytes.FromHex(HandshakeTranscript.KS2c), Bytes.FromHex(HandshakeTranscript.SessionId));
            return new Session(keys, datagram, new ScriptedRandom(new byte[][] { s_salt }), clock);
        }

        // A client->server frame of any type/seq/plaintext under k_c2s (to break rules on purpose).
        private static byte[] Seal(PacketType type, uint seq, byte[] plaintext)
        {
            byte[] frame = new byte[UsmpConstants.SealedFrameOverhead + plaintext.Length];
            UsmpCrypto.SealFrame(frame, 0, (byte)type, seq, Bytes.FromHex(HandshakeTranscript.KC2s), Bytes.FromHex(HandshakeTranscript.SessionId), plaintext, 0, plaintext.Length);
            return frame;
        }

        private static SessionEvent Feed(Session session, byte[] frame, IFrameSink reply)
        {
            return session.Accept(frame, 0, frame.Length, reply);
        }

        private static byte[] Message(Session session)
        {
            return Bytes.Slice(session.MessageBuffer, 0, session.MessageLength);
        }

        // ---------------------------------------------------------------- transcript

        [TestMethod]
        public void Transcript_ClientSealingReproducesClientFrames()
        {
            Session client = Client(false, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            for (int i = 0; i < 3; i++)
            {
                byte[] plaintext = Bytes.FromHex(HandshakeTranscript.ClientSessionPlaintexts[i]);
                client.Send(plaintext, 0, plaintext.Length, sink);
            }
            client.Ping(sink);
            client.Bye(sink);
            Assert.AreEqual(HandshakeTranscript.ClientSessionFrames.Length, sink.Count);
            for (int i = 0; i < sink.Count; i++)
            {
                CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscript.ClientSessionFrames[i]), sink[i], "transcript client session frame " + i.ToString());
            }
            Assert.IsFalse(client.IsOpen, "BYE closes");
        }

        [TestMethod]
        public void Transcript_ServerSideAcceptsClientFramesAndAnswersPingWithTranscriptPong()
        {
            Session server = Server(false, new ManualClock());
            FrameRecorder sent = new FrameRecorder();
            for (int i = 0; i < 3; i++)
            {
                Assert.AreEqual((int)SessionEvent.Message, (int)Feed(server, Bytes.FromHex(HandshakeTranscript.ClientSessionFrames[i]), sent));
                CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscript.ClientSessionPlaintexts[i]), Message(server), "client plaintext " + i.ToString());
                byte[] reply = Bytes.FromHex(HandshakeTranscript.ServerSessionPlaintexts[i]);
                server.Send(reply, 0, reply.Length, sent);
                CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscript.ServerSessionFrames[i]), sent[sent.Count - 1], "server frame " + i.ToString());
            }
            Assert.AreEqual((int)SessionEvent.None, (int)Feed(server, Bytes.FromHex(HandshakeTranscript.ClientSessionFrames[3]), sent), "PING");
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscript.ServerSessionFrames[3]), sent[sent.Count - 1], "automatic PONG = transcript server seq 3");
            Assert.AreEqual((int)SessionEvent.Closed, (int)Feed(server, Bytes.FromHex(HandshakeTranscript.ClientSessionFrames[4]), sent), "BYE");
            Assert.IsFalse(server.IsOpen);
        }

        [TestMethod]
        public void Transcript_ClientAcceptsServerFrames()
        {
            Session client = Client(false, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            for (int i = 0; i < 3; i++)
            {
                Assert.AreEqual((int)SessionEvent.Message, (int)Feed(client, Bytes.FromHex(HandshakeTranscript.ServerSessionFrames[i]), sink));
                CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscript.ServerSessionPlaintexts[i]), Message(client), "server plaintext " + i.ToString());
            }
            Assert.AreEqual((int)SessionEvent.Pong, (int)Feed(client, Bytes.FromHex(HandshakeTranscript.ServerSessionFrames[3]), sink));
            Assert.AreEqual(0, sink.Count, "nothing is sent in reply to DATA or PONG");
            Assert.AreEqual(4u, client.RxSeq);
        }

        [TestMethod]
        public void Transcript_UdpFramesAreTheSame()
        {
            Session client = Client(true, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            byte[] plaintext = Bytes.FromHex(HandshakeTranscriptUdp.ClientSessionPlaintexts[0]);
            client.Send(plaintext, 0, plaintext.Length, sink);
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscriptUdp.ClientSessionFrames[0]), sink[0]);
            Assert.AreEqual((int)SessionEvent.Message, (int)Feed(client, Bytes.FromHex(HandshakeTranscriptUdp.ServerSessionFrames[0]), sink));
        }

        // ---------------------------------------------------------------- fragmentation (§7)

        [TestMethod]
        public void Fragmentation_1000Bytes_ThreeFramesByteForByte()
        {
            Session client = Client(false, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            byte[] message = Bytes.FromHex(Fragmentation.Message);
            client.Send(message, 0, message.Length, sink);
            Assert.AreEqual(3, sink.Count);
            for (int i = 0; i < 3; i++)
            {
                CollectionAssert.AreEqual(Bytes.FromHex(Fragmentation.Frames[i]), sink[i], "fragmentation.json frame " + i.ToString());
            }
            Session server = Server(false, new ManualClock());
            Assert.AreEqual((int)SessionEvent.None, (int)Feed(server, sink[0], sink));
            Assert.AreEqual((int)SessionEvent.None, (int)Feed(server, sink[1], sink));
            Assert.AreEqual((int)SessionEvent.Message, (int)Feed(server, sink[2], sink));
            CollectionAssert.AreEqual(message, Message(server));
        }

        [TestMethod]
        [DataRow(0, 1)]
        [DataRow(1, 1)]
        [DataRow(452, 1)]
        [DataRow(453, 2)]
        [DataRow(904, 2)]
        [DataRow(905, 3)]
        [DataRow(1808, 4)]
        public void Send_ChunksAndRoundTrips(int length, int frames)
        {
            Session client = Client(false, new ManualClock());
            Session server = Server(false, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            byte[] message = Bytes.Pattern(length, 11);
            client.Send(message, 0, length, sink);
            Assert.AreEqual(frames, sink.Count);
            for (int i = 0; i < sink.Count; i++)
            {
                PacketType expected = i == sink.Count - 1 ? PacketType.Data : PacketType.DataFrag;
                Assert.AreEqual((byte)expected, (byte)FrameHeader.ReadType(sink[i], 0));
                Assert.AreEqual((uint)i, FrameHeader.ReadSeq(sink[i], 0));
                SessionEvent e = Feed(server, sink[i], sink);
                Assert.AreEqual((int)(i == frames - 1 ? SessionEvent.Message : SessionEvent.None), (int)e);
            }
            CollectionAssert.AreEqual(message, Message(server));
        }

        [TestMethod]
        public void Send_1809Bytes_PayloadExceptionAndNothingSent()
        {
            Session client = Client(false, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            Assert.ThrowsException(typeof(PayloadException), () => client.Send(new byte[1809], 0, 1809, sink));
            Assert.AreEqual(0, sink.Count);
            Assert.AreEqual(0u, client.TxSeq);
        }

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
            byte[] plaintext = type == 0x0B ? s_salt : new byte[0];
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
            byte[] plaintext = type == 0x0B ? s_salt : new byte[0];
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

        // ---------------------------------------------------------------- UDP window (§6), numbered cases

        // The window (§6) decides what is ACCEPTED (authenticated, fresh): each accepted frame is
        // acknowledged (§8). Delivery is the reassembler's: a message must follow the last accepted
        // frame (issue 10 class 2), so a DATA after a gap is accepted but never delivered.

        [TestMethod]
        public void UdpWindow_Case1_InOrderAndOutOfOrderInsideWindowAccepted_OnlyFollowingMessagesDelivered()
        {
            Session server = Server(true, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            Assert.AreEqual((int)SessionEvent.Message, (int)Feed(server, Seal(PacketType.Data, 0, new byte[1]), sink));
            Assert.AreEqual((int)SessionEvent.Dropped, (int)Feed(server, Seal(PacketType.Data, 2, new byte[1]), sink), "seq 1 missing: cannot be proved whole");
            Assert.AreEqual((int)SessionEvent.Dropped, (int)Feed(server, Seal(PacketType.Data, 1, new byte[1]), sink), "late");
            Assert.AreEqual(3u, server.RxSeq);
            Assert.AreEqual(3, sink.UtackCount, "all three accepted by the window and acknowledged");
            Assert.AreEqual((int)SessionEvent.Message, (int)Feed(server, Seal(PacketType.Data, 3, new byte[1]), sink), "follows seq 2, which ended a message");
        }

        [TestMethod]
        public void UdpWindow_Case2_DuplicateDropped_and_acknowledged_again()
        {
            Session server = Server(true, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            byte[] frame = Seal(PacketType.Data, 0, new byte[1]);
            Assert.AreEqual((int)SessionEvent.Message, (int)Feed(server, frame, sink));
            Assert.AreEqual((int)SessionEvent.Dropped, (int)Feed(server, frame, sink));
            Assert.AreEqual(2, sink.UtackCount);
            CollectionAssert.AreEqual(sink.Utack(0), sink.Utack(1), "the same receipt again");
        }

        [TestMethod]
        public void UdpWindow_Case3_WindowEdge64()
        {
            Session server = Server(true, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            Feed(server, Seal(PacketType.Data, 100, new byte[1]), sink);
            Assert.AreEqual(1, sink.UtackCount);
            Feed(server, Seal(PacketType.Data, 37, new byte[1]), sink);
            Assert.AreEqual(2, sink.UtackCount, "100 - 63: inside the window, accepted");
            Assert.AreEqual((int)SessionEvent.Dropped, (int)Feed(server, Seal(PacketType.Data, 36, new byte[1]), sink), "100 - 64");
            Assert.AreEqual(2, sink.UtackCount, "100 - 64: stale, never opened, never acknowledged");
        }

        [TestMethod]
        public void UdpWindow_Case4_FarFutureJumpsWindow()
        {
            Session server = Server(true, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            Feed(server, Seal(PacketType.Data, 5, new byte[1]), sink);
            Feed(server, Seal(PacketType.Data, 1000000, new byte[1]), sink);
            Assert.AreEqual((int)SessionEvent.Message, (int)Feed(server, Seal(PacketType.Data, 1000001, new byte[1]), sink), "follows the jump's DATA");
            Feed(server, Seal(PacketType.Data, 999999, new byte[1]), sink);
            Assert.AreEqual(4, sink.UtackCount);
            Assert.AreEqual((int)SessionEvent.Dropped, (int)Feed(server, Seal(PacketType.Data, 6, new byte[1]), sink));
            Assert.AreEqual(4, sink.UtackCount, "6 is behind the jumped window");
        }

        [TestMethod]
        public void UdpWindow_Case5_ForgedFreshSeqDoesNotMoveWindow_and_gets_no_utack()
        {
            Session server = Server(true, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            Feed(server, Seal(PacketType.Data, 0, new byte[1]), sink);
            byte[] genuine = Seal(PacketType.Data, 50, new byte[] { 7 });
            byte[] forged = Seal(PacketType.Data, 50, new byte[] { 7 });
            forged[forged.Length - 1] ^= 0x01;
            FrameHeader.WriteCrc(forged, 0);
            Assert.AreEqual((int)SessionEvent.Dropped, (int)Feed(server, forged, sink));
            Assert.AreEqual(1, sink.UtackCount, "no receipt for the forgery");
            Assert.AreEqual(1u, server.RxSeq, "window unchanged by the forgery");
            Assert.AreEqual((int)SessionEvent.Message, (int)Feed(server, Seal(PacketType.Data, 1, new byte[1]), sink), "seq 1 still fresh");
            Feed(server, genuine, sink);
            Assert.AreEqual(3, sink.UtackCount, "the genuine seq 50 is still accepted");
        }

        // ---------------------------------------------------------------- flood (§7, Python)

        [TestMethod]
        public void Flood_NinePingsWithinOneSecond_ConnectionClosed()
        {
            ManualClock clock = new ManualClock();
            Session server = Server(false, clock);
            FrameRecorder sink = new FrameRecorder();
            for (uint seq = 0; seq < 8; seq++)
            {
                clock.Now += 100;
                Feed(server, Seal(PacketType.Ping, seq, new byte[0]), sink);
            }
            Assert.AreEqual(8, sink.Count, "eight PONGs");
            Assert.ThrowsException(typeof(ConnectionClosedException), () => Feed(server, Seal(PacketType.Ping, 8, new byte[0]), sink));
            Assert.IsFalse(server.IsOpen);
            Assert.IsTrue(Bytes.AllZero(server.Schedule.Current.TxKey) && Bytes.AllZero(server.Schedule.Current.RxKey));
        }

        [TestMethod]
        public void Flood_PingsSpreadOverTime_Allowed()
        {
            ManualClock clock = new ManualClock();
            Session server = Server(false, clock);
            FrameRecorder sink = new FrameRecorder();
            for (uint seq = 0; seq < 30; seq++)
            {
                clock.Now += 200;   // 5 per second
                Feed(server, Seal(seq % 2 == 0 ? PacketType.Ping : PacketType.Pong, seq, new byte[0]), sink);
            }
            Assert.IsTrue(server.IsOpen);
            Assert.AreEqual(15, sink.Count);
        }

        // ---------------------------------------------------------------- 0xFFFFFFFF terminal (§6)

        [TestMethod]
        public void TerminalSeq_OnlyByeMaySend()
        {
            Session client = Client(false, new ManualClock());
            FrameRecorder sink = new FrameRecorder();
            client.SetTxSeqForTest(0xFFFFFFFE);
            client.Send(new byte[1], 0, 1, sink);
            Assert.AreEqual(0xFFFFFFFEu, FrameHeader.ReadSeq(sink[0], 0));
            Assert.AreEqual(0xFFFFFFFFu, client.TxSeq);
            Assert.ThrowsException(typeof(SequenceException), () => client.Send(new byte[1], 0, 1, sink));
            Assert.ThrowsException(typeof(SequenceException), () => client.Ping(sink));
            Assert.AreEqual(0xFFFFFFFFu, client.TxSeq, "tx_seq stays at 0xFFFFFFFF");
            client.Bye(sink);
            Assert.AreEqual(2, sink.Count);
            Assert.AreEqual((byte)PacketType.Bye, (byte)FrameHeader.ReadType(sink[1], 0));
            Assert.AreEqual(0xFFFFFFFFu, FrameHeader.ReadSeq(sink[1], 0));
        }

        [TestMethod]
        public void TerminalSeq_ReceivedTcp_SequenceException_Udp_Dropped()
        {
            byte[] frame = Seal(PacketType.Bye, 0xFFFFFFFF, new byte[0]);
            Assert.ThrowsException(typeof(SequenceException), () => Feed(Server(false, new ManualClock()), frame, new FrameRecorder()));
            Session udp = Server(true, new ManualClock());
            Assert.AreEqual((int)SessionEvent.Dropped, (int)Feed(udp, frame, new FrameRecorder()));
            Assert.IsTrue(udp.IsOpen);
        }

        [TestMethod]
        public void FailedWrite_StillBurnsTheSeq()
        {
            Session client = Client(false, new ManualClock());
            Assert.ThrowsException(typeof(ConnectionClosedException), () => client.Send(new byte[3], 0, 3, new FailingSink()));
            Assert.AreEqual(1u, client.TxSeq);
        }

        // ---------------------------------------------------------------- REKEY (§7)

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void Rekey_ClientInitiates_BothSidesSwapKeysAndResetSeqs(bool datagram)
        {
            Session client = Client(datagram, new ManualClock());
            Session server = Server(datagram, new ManualClock());
            FrameRecorder toServer = new FrameRecorder();
            FrameRecorder toClient = new FrameRecorder();
            client.Send(new byte[] { 1 }, 0, 1, toServer);
            Feed(server, toServer[0], toClient);
            server.Send(new byte[] { 2 }, 0, 1, toClient);
            Feed(client, toClient[0], toServer);
            byte[] oldTx = Bytes.Slice(client.Schedule.Current.TxKey, 0, 32);

            client.Rekey(toServer);
            Assert.AreEqual((byte)PacketType.Rekey, (byte)FrameHeader.ReadType(toServer[1], 0));
            Assert.AreEqual(1u, FrameHeader.ReadSeq(toServer[1], 0), "REKEY goes out at the current seq under the old key");
            Assert.AreEqual((int)SessionEvent.None, (int)Feed(server, toServer[1], toClient));

            CollectionAssert.AreEqual(client.Schedule.Current.TxKey, server.Schedule.Current.RxKey);
            CollectionAssert.AreEqual(client.Schedule.Current.RxKey, server.Schedule.Current.TxKey);
            CollectionAssert.AreNotEqual(oldTx, client.Schedule.Current.TxKey);
            CollectionAssert.AreNotEqual(client.Schedule.Current.TxKey, client.Schedule.Current.RxKey);
            Assert.AreEqual(0u, client.TxSeq);
            Assert.AreEqual(0u, client.RxSeq);
            Assert.AreEqual(0u, server.TxSeq);
            Assert.AreEqual(0u, server.RxSeq);

            client.Send(new byte[] { 3 }, 0, 1, toServer);
            Assert.AreEqual((int)SessionEvent.Message, (int)Feed(server, toServer[2], toClient));
            server.Send(new byte[] { 4 }, 0, 1, toClient);
            Assert.AreEqual((int)SessionEvent.Message, (int)Feed(client, toClient[1], toServer));
            Assert.AreEqual((byte)4, client.MessageBuffer[0]);
        }

        [TestMethod]
        public void Rekey_ServerInitiates_ClientAnswers()
        {
            Session client = Client(false, new ManualClock());
            Session server = Server(false, new ManualClock());
            FrameRecorder toClient = new FrameRecorder();
            FrameRecorder toServer = new FrameRecorder();
            server.Rekey(toClient);
            Assert.AreEqual((int)SessionEvent.None, (int)Feed(client, toClient[0], toServer));
            Assert.AreEqual(0, toServer.Count, "REKEY has no reply frame");
            CollectionAssert.AreEqual(client.Schedule.Current.TxKey, server.Schedule.Current.RxKey);
            CollectionAssert.AreEqual(client.Schedule.Current.RxKey, server.Schedule.Current.TxKey);
            client.Ping(toServer);
            Assert.AreEqual((int)SessionEvent.None, (int)Feed(server, toServer[0], toClient));
            Assert.AreEqual((int)SessionEvent.Pong, (int)Feed(client, toClient[1], toServer));
        }

        [TestMethod]
        public void Rekey_WrongSaltLength_TcpPayloadException()
        {
            Session server = Server(false, new ManualClock());
            Assert.ThrowsException(typeof(PayloadException), () => Feed(server, Seal(PacketType.Rekey, 0, new byte[31]), new FrameRecorder()));
        }

        // ---------------------------------------------------------------- close / wipe

        [TestMethod]
        public void Close_WipesKeysAndMessageAndRefusesUse()
        {
            Session server = Server(false, new ManualClock());
            Feed(server, Bytes.FromHex(HandshakeTranscript.ClientSessionFrames[0]), new FrameRecorder());
            Assert.IsFalse(Bytes.AllZero(server.MessageBuffer));
            server.Close();
            Assert.IsFalse(server.IsOpen);
            Assert.IsTrue(Bytes.AllZero(server.Schedule.Current.TxKey), "tx key");
            Assert.IsTrue(Bytes.AllZero(server.Schedule.Current.RxKey), "rx key");
            Assert.IsTrue(Bytes.AllZero(server.Keys.SessionId), "session id");
            Assert.IsTrue(Bytes.AllZero(server.MessageBuffer), "plaintext");
            Assert.ThrowsException(typeof(ConnectionClosedException), () => server.Send(new byte[1], 0, 1, new FrameRecorder()));
            Assert.ThrowsException(typeof(ConnectionClosedException), () => Feed(server, Bytes.FromHex(HandshakeTranscript.ClientSessionFrames[1]), new FrameRecorder()));
        }

        [TestMethod]
        public void Bye_WithFailingSink_ClosesQuietly()
        {
            Session client = Client(false, new ManualClock());
            client.Bye(new FailingSink());
            Assert.IsFalse(client.IsOpen);
            Assert.IsTrue(Bytes.AllZero(client.Schedule.Current.TxKey));
            client.Bye(new FailingSink());   // runs only once; no exception
        }

        [TestMethod]
        public void LastTxMillis_FollowsTheClock()
        {
            ManualClock clock = new ManualClock();
            clock.Now = 1000;
            Session client = Client(false, clock);
            clock.Now = 5000;
            client.Ping(new FrameRecorder());
            Assert.AreEqual(5000L, client.LastTxMillis);
        }
    }
}
