// Session (firmware/Usmp/Protocol/Session.cs, SessionAccept.cs) against tests/vectors/data/handshake-transcript.json
// (every DATA/PING/PONG/BYE frame, both directions, byte for byte) and fragmentation.json (§7
// send side: 1808/1809, chunking). Fixture: SessionFixture.cs.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using Usmp.Native;
using static NFUnitTest.Protocol.SessionFixture;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class SessionTranscriptTests
    {
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
    }
}
