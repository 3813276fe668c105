// Session (firmware/Usmp/Protocol/Session.cs, SessionAccept.cs): REKEY between two sessions (§7; the key-epoch details are in
// KeyEpochTests.cs), and Close/BYE (keys and message wiped, use refused). Fixture: SessionFixture.cs.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using Usmp.Native;
using static NFUnitTest.Protocol.SessionFixture;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class SessionRekeyAndCloseTests
    {
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
