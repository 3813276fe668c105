// The key-epoch swap (firmware/Usmp/Protocol/KeySchedule.cs, KeyEpoch.cs; spec §7 REKEY, §8 UTACK;
// issue 10 class 3) and the acknowledgement rule (SessionAccept.cs; class 1), between two Sessions
// in memory with a manual clock: the previous epoch opens frames sealed before the peer saw the
// REKEY, during a grace that ends at the peer's first frame under the new keys, after 64 frames,
// or after 30 s, and never after; a retransmitted REKEY is acknowledged again under the keys it
// was sealed with; every UTACK verifies at its sender under the epoch its frame was sealed in.
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class KeyEpochTests
    {
        private static Session Client(bool datagram, ManualClock clock)
        {
            SessionKeys keys = SessionKeys.ForClient(Bytes.FromHex(HandshakeTranscript.KC2s), Bytes.FromHex(HandshakeTranscript.KS2c), Bytes.FromHex(HandshakeTranscript.SessionId));
            return new Session(keys, datagram, new FixedRandomSource(new byte[] { 0x31, 0x41, 0x59 }), clock);
        }

        private static Session Server(bool datagram, ManualClock clock)
        {
            SessionKeys keys = SessionKeys.ForServer(Bytes.FromHex(HandshakeTranscript.KC2s), Bytes.FromHex(HandshakeTranscript.KS2c), Bytes.FromHex(HandshakeTranscript.SessionId));
            return new Session(keys, datagram, new FixedRandomSource(new byte[] { 0x27, 0x18 }), clock);
        }

        private static int Feed(Session session, byte[] frame, FrameRecorder sink)
        {
            return (int)session.Accept(frame, 0, frame.Length, sink);
        }

        private const int Message = (int)SessionEvent.Message;
        private const int None = (int)SessionEvent.None;
        private const int Dropped = (int)SessionEvent.Dropped;

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void A_frame_sealed_before_the_peer_saw_the_REKEY_opens_under_the_previous_epoch(bool datagram)
        {
            ManualClock clock = new ManualClock();
            Session client = Client(datagram, clock);
            Session server = Server(datagram, clock);
            FrameRecorder toServer = new FrameRecorder();
            FrameRecorder toClient = new FrameRecorder();
            server.Send(new byte[] { 1 }, 0, 1, toClient);      // sealed under epoch 0, still in flight
            server.Send(new byte[] { 2 }, 0, 1, toClient);
            client.Rekey(toServer);                              // the client switches to epoch 1 at once
            Assert.AreEqual(1u, client.TxEpoch);
            Assert.AreEqual(Message, Feed(client, toClient[0], toServer), "old-key frame during the grace");
            Assert.AreEqual(Message, Feed(client, toClient[1], toServer));
            Assert.AreEqual(None, Feed(server, toServer[0], toClient), "the server follows the REKEY");
            Assert.AreEqual(1u, server.TxEpoch);
            server.Send(new byte[] { 3 }, 0, 1, toClient);
            Assert.AreEqual(Message, Feed(client, toClient[2], toServer), "new keys");
            Assert.IsFalse(client.Schedule.Previous.OpensFrames, "the server's first new-key frame ended the grace");
            Assert.IsTrue(Bytes.AllZero(client.Schedule.Previous.RxKey), "the previous rx key is wiped at once");
            Assert.IsFalse(Bytes.AllZero(client.Schedule.Previous.TxKey), "the previous tx key stays for UTACKs of our own old frames");
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void Never_after_the_grace_a_peer_frame_under_the_new_keys_ended_it(bool datagram)
        {
            ManualClock clock = new ManualClock();
            Session client = Client(datagram, clock);
            Session server = Server(datagram, clock);
            FrameRecorder toServer = new FrameRecorder();
            FrameRecorder toClient = new FrameRecorder();
            server.Send(new byte[] { 1 }, 0, 1, toClient);       // epoch 0 seq 0
            server.Send(new byte[] { 2 }, 0, 1, toClient);       // epoch 0 seq 1, held back by the network
            client.Rekey(toServer);
            Assert.AreEqual(Message, Feed(client, toClient[0], toServer));
            Feed(server, toServer[0], toClient);
            server.Send(new byte[] { 3 }, 0, 1, toClient);       // epoch 1 seq 0
            Assert.AreEqual(Message, Feed(client, toClient[2], toServer));
            if (datagram)
            {
                int utacks = toServer.UtackCount;
                Assert.AreEqual(Dropped, Feed(client, toClient[1], toServer), "old key after the grace: refused");
                Assert.AreEqual(utacks, toServer.UtackCount, "and never acknowledged");
            }
            else
            {
                Assert.ThrowsException(typeof(CryptoException), () => Feed(client, toClient[1], toServer));
            }
        }

        [TestMethod]
        public void The_grace_ends_after_30_s_and_the_previous_keys_are_wiped()
        {
            ManualClock clock = new ManualClock();
            Session client = Client(true, clock);
            Session server = Server(true, clock);
            FrameRecorder toServer = new FrameRecorder();
            FrameRecorder toClient = new FrameRecorder();
            server.Send(new byte[] { 1 }, 0, 1, toClient);
            server.Send(new byte[] { 2 }, 0, 1, toClient);
            client.Rekey(toServer);
            clock.Now += UsmpLimits.RekeyGraceMillis - 1;
            Assert.AreEqual(Message, Feed(client, toClient[0], toServer), "29.999 s: still in the grace");
            clock.Now += 1;
            Assert.AreEqual(Dropped, Feed(client, toClient[1], toServer), "30 s: over");
            Assert.AreEqual(1, toServer.UtackCount, "only the frame inside the grace was acknowledged");
            Assert.IsTrue(Bytes.AllZero(client.Schedule.Previous.TxKey) && Bytes.AllZero(client.Schedule.Previous.RxKey), "previous epoch wiped");
        }

        [TestMethod]
        public void Tick_wipes_the_previous_keys_on_time_without_traffic()
        {
            ManualClock clock = new ManualClock();
            Session client = Client(true, clock);
            client.Rekey(new FrameRecorder());
            Assert.IsFalse(Bytes.AllZero(client.Schedule.Previous.TxKey));
            clock.Now += UsmpLimits.RekeyGraceMillis;
            client.Tick();
            Assert.IsTrue(Bytes.AllZero(client.Schedule.Previous.TxKey) && Bytes.AllZero(client.Schedule.Previous.RxKey));
        }

        [TestMethod]
        public void The_grace_ends_after_64_frames_under_the_previous_keys()
        {
            ManualClock clock = new ManualClock();
            Session client = Client(true, clock);
            Session server = Server(true, clock);
            FrameRecorder toServer = new FrameRecorder();
            FrameRecorder toClient = new FrameRecorder();
            for (int i = 0; i <= UsmpLimits.RekeyGraceFrames; i++)
            {
                server.Send(new byte[] { (byte)i }, 0, 1, toClient);
            }
            client.Rekey(toServer);
            for (int i = 0; i < UsmpLimits.RekeyGraceFrames; i++)
            {
                Assert.AreEqual(Message, Feed(client, toClient[i], toServer), "old frame " + i.ToString());
            }
            Assert.AreEqual(Dropped, Feed(client, toClient[UsmpLimits.RekeyGraceFrames], toServer), "the 65th old frame");
            Assert.AreEqual(UsmpLimits.RekeyGraceFrames, toServer.UtackCount);
        }

        [TestMethod]
        public void A_retransmitted_REKEY_is_acknowledged_again_under_the_keys_it_was_sealed_with()
        {
            ManualClock clock = new ManualClock();
            Session client = Client(true, clock);
            Session server = Server(true, clock);
            FrameRecorder toServer = new FrameRecorder();
            FrameRecorder toClient = new FrameRecorder();
            client.Rekey(toServer);                              // over UDP the transport would wait for this UTACK
            byte[] rekey = toServer[0];
            Assert.AreEqual(None, Feed(server, rekey, toClient));
            Assert.AreEqual(1, toClient.UtackCount);
            // The UTACK is lost; the client's ARQ resends the same REKEY: a duplicate under epoch 0.
            Assert.AreEqual(Dropped, Feed(server, rekey, toClient));
            Assert.AreEqual(2, toClient.UtackCount, "acknowledged again");
            CollectionAssert.AreEqual(toClient.Utack(0), toClient.Utack(1));
            Assert.AreEqual(1u, server.TxEpoch, "not derived twice");
            byte[] utack = toClient.Utack(1);
            Assert.IsTrue(client.UtackMatches(utack, 0, utack.Length, (byte)PacketType.Rekey, 0, 0), "verifies under epoch 0, the REKEY's");
            Assert.IsFalse(client.UtackMatches(utack, 0, utack.Length, (byte)PacketType.Rekey, 0, 1), "never under the new epoch");
            // Traffic flows under the new keys both ways.
            client.Send(new byte[] { 7 }, 0, 1, toServer);
            Assert.AreEqual(Message, Feed(server, toServer[1], toClient));
            server.Send(new byte[] { 8 }, 0, 1, toClient);
            Assert.AreEqual(Message, Feed(client, toClient[0], toServer));
        }

        [TestMethod]
        public void A_UTACK_for_our_frame_sealed_before_our_own_REKEY_still_verifies()
        {
            // A gateway seals its REKEY and switches at once; its ARQ sends older frames and the REKEY
            // later, and their UTACKs come back under epoch 0.
            ManualClock clock = new ManualClock();
            Session client = Client(true, clock);
            Session server = Server(true, clock);
            FrameRecorder toServer = new FrameRecorder();
            FrameRecorder toClient = new FrameRecorder();
            server.Send(new byte[] { 1 }, 0, 1, toClient);
            server.Rekey(toClient);
            Assert.AreEqual(Message, Feed(client, toClient[0], toServer));
            Assert.AreEqual(None, Feed(client, toClient[1], toServer));
            byte[] dataUtack = toServer.Utack(0);
            byte[] rekeyUtack = toServer.Utack(1);
            Assert.IsTrue(server.UtackMatches(dataUtack, 0, dataUtack.Length, (byte)PacketType.Data, 0, 0));
            Assert.IsTrue(server.UtackMatches(rekeyUtack, 0, rekeyUtack.Length, (byte)PacketType.Rekey, 1, 0));
            client.Send(new byte[] { 2 }, 0, 1, toServer);
            Assert.AreEqual(Message, Feed(server, toServer[0], toClient), "the client's first new-key frame ends the server's grace");
            Assert.IsTrue(server.UtackMatches(rekeyUtack, 0, rekeyUtack.Length, (byte)PacketType.Rekey, 1, 0), "a late UTACK for our REKEY still verifies");
            clock.Now += UsmpLimits.RekeyGraceMillis;
            Assert.IsFalse(server.UtackMatches(rekeyUtack, 0, rekeyUtack.Length, (byte)PacketType.Rekey, 1, 0), "not after 30 s");
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void A_REKEY_collision_is_refused_and_never_acknowledged(bool datagram)
        {
            ManualClock clock = new ManualClock();
            Session client = Client(datagram, clock);
            Session server = Server(datagram, clock);
            FrameRecorder toServer = new FrameRecorder();
            FrameRecorder toClient = new FrameRecorder();
            client.Rekey(toServer);
            server.Rekey(toClient);                              // both started one
            if (datagram)
            {
                Assert.AreEqual(Dropped, Feed(client, toClient[0], toServer));
                Assert.AreEqual(0, toServer.UtackCount);
                byte[] pre = new byte[Utack.MacedSize];
                Assert.AreEqual(0, client.PreAcknowledge(toClient[0], 0, toClient[0].Length, pre, 0), "nor pre-acknowledged");
            }
            else
            {
                Assert.ThrowsException(typeof(ProtocolException), () => Feed(client, toClient[0], toServer));
            }
        }

        [TestMethod]
        public void Close_wipes_both_epochs_and_the_salt()
        {
            ManualClock clock = new ManualClock();
            Session client = Client(true, clock);
            client.Rekey(new FrameRecorder());
            client.Close();
            Assert.IsTrue(Bytes.AllZero(client.Schedule.Current.TxKey) && Bytes.AllZero(client.Schedule.Current.RxKey), "current");
            Assert.IsTrue(Bytes.AllZero(client.Schedule.Previous.TxKey) && Bytes.AllZero(client.Schedule.Previous.RxKey), "previous");
            Assert.IsTrue(Bytes.AllZero(client.Schedule.Salt), "salt");
            Assert.IsTrue(Bytes.AllZero(client.Keys.TxKey) && Bytes.AllZero(client.Keys.RxKey) && Bytes.AllZero(client.Keys.SessionId), "handover");
        }

        [TestMethod]
        public void PreAcknowledge_writes_the_same_UTACK_Accept_sends_and_changes_nothing()
        {
            ManualClock clock = new ManualClock();
            Session client = Client(true, clock);
            Session server = Server(true, clock);
            FrameRecorder toClient = new FrameRecorder();
            FrameRecorder toServer = new FrameRecorder();
            server.Send(new byte[] { 5, 6 }, 0, 2, toClient);
            byte[] pre = new byte[Utack.MacedSize];
            Assert.AreEqual(Utack.MacedSize, client.PreAcknowledge(toClient[0], 0, toClient[0].Length, pre, 0));
            Assert.AreEqual(Utack.MacedSize, client.PreAcknowledge(toClient[0], 0, toClient[0].Length, pre, 0), "nothing was accepted by it");
            Assert.AreEqual(0u, client.RxSeq);
            Assert.AreEqual(Message, Feed(client, toClient[0], toServer));
            CollectionAssert.AreEqual(pre, toServer.Utack(0));
            byte[] forged = Bytes.Slice(toClient[0], 0, toClient[0].Length);
            forged[20] ^= 1;
            FrameHeader.WriteCrc(forged, 0);
            Assert.AreEqual(0, client.PreAcknowledge(forged, 0, forged.Length, pre, 0), "a forgery: no UTACK");
        }
    }
}
