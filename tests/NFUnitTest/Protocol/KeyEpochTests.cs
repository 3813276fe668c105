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
            SessionPair p = new SessionPair(datagram);
            p.Server.Send(new byte[] { 1 }, 0, 1, p.ToClient);      // sealed under epoch 0, still in flight
            p.Server.Send(new byte[] { 2 }, 0, 1, p.ToClient);
            p.Client.Rekey(p.ToServer);                              // the client switches to epoch 1 at once
            Assert.AreEqual(1u, p.Client.TxEpoch);
            Assert.AreEqual(Message, Feed(p.Client, p.ToClient[0], p.ToServer), "old-key frame during the grace");
            Assert.AreEqual(Message, Feed(p.Client, p.ToClient[1], p.ToServer));
            Assert.AreEqual(None, Feed(p.Server, p.ToServer[0], p.ToClient), "the server follows the REKEY");
            Assert.AreEqual(1u, p.Server.TxEpoch);
            p.Server.Send(new byte[] { 3 }, 0, 1, p.ToClient);
            Assert.AreEqual(Message, Feed(p.Client, p.ToClient[2], p.ToServer), "new keys");
            Assert.IsFalse(p.Client.Schedule.Previous.OpensFrames, "the server's first new-key frame ended the grace");
            Assert.IsTrue(Bytes.AllZero(p.Client.Schedule.Previous.RxKey), "the previous rx key is wiped at once");
            Assert.IsFalse(Bytes.AllZero(p.Client.Schedule.Previous.TxKey), "the previous tx key stays for UTACKs of our own old frames");
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void Never_after_the_grace_a_peer_frame_under_the_new_keys_ended_it(bool datagram)
        {
            SessionPair p = new SessionPair(datagram);
            p.Server.Send(new byte[] { 1 }, 0, 1, p.ToClient);       // epoch 0 seq 0
            p.Server.Send(new byte[] { 2 }, 0, 1, p.ToClient);       // epoch 0 seq 1, held back by the network
            p.Client.Rekey(p.ToServer);
            Assert.AreEqual(Message, Feed(p.Client, p.ToClient[0], p.ToServer));
            Feed(p.Server, p.ToServer[0], p.ToClient);
            p.Server.Send(new byte[] { 3 }, 0, 1, p.ToClient);       // epoch 1 seq 0
            Assert.AreEqual(Message, Feed(p.Client, p.ToClient[2], p.ToServer));
            if (datagram)
            {
                int utacks = p.ToServer.UtackCount;
                Assert.AreEqual(Dropped, Feed(p.Client, p.ToClient[1], p.ToServer), "old key after the grace: refused");
                Assert.AreEqual(utacks, p.ToServer.UtackCount, "and never acknowledged");
            }
            else
            {
                Assert.ThrowsException(typeof(CryptoException), () => Feed(p.Client, p.ToClient[1], p.ToServer));
            }
        }

        [TestMethod]
        public void The_grace_ends_after_30_s_and_the_previous_keys_are_wiped()
        {
            SessionPair p = new SessionPair(true);
            p.Server.Send(new byte[] { 1 }, 0, 1, p.ToClient);
            p.Server.Send(new byte[] { 2 }, 0, 1, p.ToClient);
            p.Client.Rekey(p.ToServer);
            p.Clock.Now += UsmpLimits.RekeyGraceMillis - 1;
            Assert.AreEqual(Message, Feed(p.Client, p.ToClient[0], p.ToServer), "29.999 s: still in the grace");
            p.Clock.Now += 1;
            Assert.AreEqual(Dropped, Feed(p.Client, p.ToClient[1], p.ToServer), "30 s: over");
            Assert.AreEqual(1, p.ToServer.UtackCount, "only the frame inside the grace was acknowledged");
            Assert.IsTrue(Bytes.AllZero(p.Client.Schedule.Previous.TxKey) && Bytes.AllZero(p.Client.Schedule.Previous.RxKey), "previous epoch wiped");
        }

        [TestMethod]
        public void Tick_wipes_the_previous_keys_on_time_without_traffic()
        {
            SessionPair p = new SessionPair(true);
            p.Client.Rekey(new FrameRecorder());
            Assert.IsFalse(Bytes.AllZero(p.Client.Schedule.Previous.TxKey));
            p.Clock.Now += UsmpLimits.RekeyGraceMillis;
            p.Client.Tick();
            Assert.IsTrue(Bytes.AllZero(p.Client.Schedule.Previous.TxKey) && Bytes.AllZero(p.Client.Schedule.Previous.RxKey));
        }

        [TestMethod]
        public void The_grace_ends_after_64_frames_under_the_previous_keys()
        {
            SessionPair p = new SessionPair(true);
            for (int i = 0; i <= UsmpLimits.RekeyGraceFrames; i++)
            {
                p.Server.Send(new byte[] { (byte)i }, 0, 1, p.ToClient);
            }
            p.Client.Rekey(p.ToServer);
            for (int i = 0; i < UsmpLimits.RekeyGraceFrames; i++)
            {
                Assert.AreEqual(Message, Feed(p.Client, p.ToClient[i], p.ToServer), "old frame " + i.ToString());
            }
            Assert.AreEqual(Dropped, Feed(p.Client, p.ToClient[UsmpLimits.RekeyGraceFrames], p.ToServer), "the 65th old frame");
            Assert.AreEqual(UsmpLimits.RekeyGraceFrames, p.ToServer.UtackCount);
        }

        [TestMethod]
        public void A_retransmitted_REKEY_is_acknowledged_again_under_the_keys_it_was_sealed_with()
        {
            SessionPair p = new SessionPair(true);
            p.Client.Rekey(p.ToServer);                              // over UDP the transport would wait for this UTACK
            byte[] rekey = p.ToServer[0];
            Assert.AreEqual(None, Feed(p.Server, rekey, p.ToClient));
            Assert.AreEqual(1, p.ToClient.UtackCount);
            // The UTACK is lost; the client's ARQ resends the same REKEY: a duplicate under epoch 0.
            Assert.AreEqual(Dropped, Feed(p.Server, rekey, p.ToClient));
            Assert.AreEqual(2, p.ToClient.UtackCount, "acknowledged again");
            CollectionAssert.AreEqual(p.ToClient.Utack(0), p.ToClient.Utack(1));
            Assert.AreEqual(1u, p.Server.TxEpoch, "not derived twice");
            byte[] utack = p.ToClient.Utack(1);
            Assert.IsTrue(p.Client.UtackMatches(utack, 0, utack.Length, (byte)PacketType.Rekey, 0, 0), "verifies under epoch 0, the REKEY's");
            Assert.IsFalse(p.Client.UtackMatches(utack, 0, utack.Length, (byte)PacketType.Rekey, 0, 1), "never under the new epoch");
            // Traffic flows under the new keys both ways.
            p.Client.Send(new byte[] { 7 }, 0, 1, p.ToServer);
            Assert.AreEqual(Message, Feed(p.Server, p.ToServer[1], p.ToClient));
            p.Server.Send(new byte[] { 8 }, 0, 1, p.ToClient);
            Assert.AreEqual(Message, Feed(p.Client, p.ToClient[0], p.ToServer));
        }

        [TestMethod]
        public void A_UTACK_for_our_frame_sealed_before_our_own_REKEY_still_verifies()
        {
            // A gateway seals its REKEY and switches at once; its ARQ sends older frames and the REKEY
            // later, and their UTACKs come back under epoch 0.
            SessionPair p = new SessionPair(true);
            p.Server.Send(new byte[] { 1 }, 0, 1, p.ToClient);
            p.Server.Rekey(p.ToClient);
            Assert.AreEqual(Message, Feed(p.Client, p.ToClient[0], p.ToServer));
            Assert.AreEqual(None, Feed(p.Client, p.ToClient[1], p.ToServer));
            byte[] dataUtack = p.ToServer.Utack(0);
            byte[] rekeyUtack = p.ToServer.Utack(1);
            Assert.IsTrue(p.Server.UtackMatches(dataUtack, 0, dataUtack.Length, (byte)PacketType.Data, 0, 0));
            Assert.IsTrue(p.Server.UtackMatches(rekeyUtack, 0, rekeyUtack.Length, (byte)PacketType.Rekey, 1, 0));
            p.Client.Send(new byte[] { 2 }, 0, 1, p.ToServer);
            Assert.AreEqual(Message, Feed(p.Server, p.ToServer[0], p.ToClient), "the client's first new-key frame ends the server's grace");
            Assert.IsTrue(p.Server.UtackMatches(rekeyUtack, 0, rekeyUtack.Length, (byte)PacketType.Rekey, 1, 0), "a late UTACK for our REKEY still verifies");
            p.Clock.Now += UsmpLimits.RekeyGraceMillis;
            Assert.IsFalse(p.Server.UtackMatches(rekeyUtack, 0, rekeyUtack.Length, (byte)PacketType.Rekey, 1, 0), "not after 30 s");
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void A_REKEY_collision_is_refused_and_never_acknowledged(bool datagram)
        {
            SessionPair p = new SessionPair(datagram);
            p.Client.Rekey(p.ToServer);
            p.Server.Rekey(p.ToClient);                              // both started one
            if (datagram)
            {
                Assert.AreEqual(Dropped, Feed(p.Client, p.ToClient[0], p.ToServer));
                Assert.AreEqual(0, p.ToServer.UtackCount);
                byte[] pre = new byte[Utack.MacedSize];
                Assert.AreEqual(0, p.Client.PreAcknowledge(p.ToClient[0], 0, p.ToClient[0].Length, pre, 0), "nor pre-acknowledged");
            }
            else
            {
                Assert.ThrowsException(typeof(ProtocolException), () => Feed(p.Client, p.ToClient[0], p.ToServer));
            }
        }

        [TestMethod]
        public void Close_wipes_both_epochs_and_the_salt()
        {
            SessionPair p = new SessionPair(true);
            p.Client.Rekey(new FrameRecorder());
            p.Client.Close();
            Assert.IsTrue(Bytes.AllZero(p.Client.Schedule.Current.TxKey) && Bytes.AllZero(p.Client.Schedule.Current.RxKey), "current");
            Assert.IsTrue(Bytes.AllZero(p.Client.Schedule.Previous.TxKey) && Bytes.AllZero(p.Client.Schedule.Previous.RxKey), "previous");
            Assert.IsTrue(Bytes.AllZero(p.Client.Schedule.Salt), "salt");
            Assert.IsTrue(Bytes.AllZero(p.Client.Keys.TxKey) && Bytes.AllZero(p.Client.Keys.RxKey) && Bytes.AllZero(p.Client.Keys.SessionId), "handover");
        }

        [TestMethod]
        public void PreAcknowledge_writes_the_same_UTACK_Accept_sends_and_changes_nothing()
        {
            SessionPair p = new SessionPair(true);
            p.Server.Send(new byte[] { 5, 6 }, 0, 2, p.ToClient);
            byte[] pre = new byte[Utack.MacedSize];
            Assert.AreEqual(Utack.MacedSize, p.Client.PreAcknowledge(p.ToClient[0], 0, p.ToClient[0].Length, pre, 0));
            Assert.AreEqual(Utack.MacedSize, p.Client.PreAcknowledge(p.ToClient[0], 0, p.ToClient[0].Length, pre, 0), "nothing was accepted by it");
            Assert.AreEqual(0u, p.Client.RxSeq);
            Assert.AreEqual(Message, Feed(p.Client, p.ToClient[0], p.ToServer));
            CollectionAssert.AreEqual(pre, p.ToServer.Utack(0));
            byte[] forged = Bytes.Slice(p.ToClient[0], 0, p.ToClient[0].Length);
            forged[20] ^= 1;
            FrameHeader.WriteCrc(forged, 0);
            Assert.AreEqual(0, p.Client.PreAcknowledge(forged, 0, forged.Length, pre, 0), "a forgery: no UTACK");
        }
    }
}
