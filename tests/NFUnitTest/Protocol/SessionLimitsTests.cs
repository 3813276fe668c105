// Session (firmware/Usmp/Protocol/Session.cs, SessionAccept.cs): the control-frame flood limit (§7, Python) and the
// 0xFFFFFFFF terminal seq (§6: only BYE may use it; a failed write still burns its seq).
// Fixture: SessionFixture.cs.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using Usmp.Native;
using static NFUnitTest.Protocol.SessionFixture;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class SessionLimitsTests
    {
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
    }
}
