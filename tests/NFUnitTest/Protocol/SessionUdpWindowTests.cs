// Session (firmware/Usmp/Protocol/Session.cs, SessionAccept.cs): the UDP 64-entry replay window (§6), as numbered cases:
// in order / out of order, duplicate, window edge, far future, forged fresh seq (which must not move
// the window nor earn a UTACK). Fixture: SessionFixture.cs.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using Usmp.Native;
using static NFUnitTest.Protocol.SessionFixture;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class SessionUdpWindowTests
    {
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
    }
}
