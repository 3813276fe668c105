// UsmpClient diagnostics over TCP (in-memory transport, the transcript's keys, a gateway-side
// Session scripting the traffic): each event fires once with the right values, each counter moves
// by exactly what went over the wire, the log hook gets messages only at enabled levels, and
// reading the counters allocates nothing (host: GC.GetAllocatedBytesForCurrentThread).
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class DiagnosticsTcpTests
    {
        private static readonly byte[] s_frame = new byte[UsmpConstants.MaxFrame];
        private static InMemoryTransport s_gateway;
        private static Session s_gatewaySession;
        private static ManualClock s_clock;

        [TestMethod]
        public void Connected_reports_session_id_transport_and_handshake_time()
        {
            UsmpClient client = Connect(37, out EventRecorder events);
            Assert.AreEqual(1, events.ConnectedCount);
            Assert.AreEqual(HandshakeTranscript.SessionId, events.ConnectedSessionId);
            Assert.IsFalse(events.ConnectedUdp, "tcp");
            Assert.AreEqual(74, events.ConnectedHandshakeMs, "two gateway frames read, 37 ms each");
            Assert.AreEqual(1, client.Counters.Handshakes);
            Assert.AreEqual(0, client.Counters.Reconnects);
            Assert.IsTrue(events.Logged("connected over tcp, session " + HandshakeTranscript.SessionId + ", handshake 74 ms"), "info log");
            client.Close();
        }

        [TestMethod]
        public void Counters_count_frames_bytes_messages_pongs_and_rekeys_both_ways()
        {
            UsmpClient client = Connect(0, out EventRecorder events);
            UsmpCounters c = client.Counters;
            client.Send(new byte[3]);
            Assert.AreEqual(1L, c.FramesSent);
            Assert.AreEqual(43L, c.BytesSent, "12 header + 12 nonce + 3 + 16 tag");
            Assert.AreEqual(1L, c.MessagesSent);
            client.Send(new byte[1000]);                                          // 452 + 452 + 96
            Assert.AreEqual(4L, c.FramesSent);
            Assert.AreEqual(43L + 1000 + 3 * 40, c.BytesSent);
            Assert.AreEqual(2L, c.MessagesSent);
            DeliverClientFrames(4);

            s_gatewaySession.Send(new byte[5], 0, 5, s_gateway);
            byte[] buffer = new byte[UsmpConstants.MaxMessageSize];
            Assert.AreEqual(5, client.Receive(buffer, 0, 100));
            Assert.AreEqual(1L, c.FramesReceived);
            Assert.AreEqual(45L, c.BytesReceived);
            Assert.AreEqual(1L, c.MessagesReceived);

            client.Ping();
            DeliverClientFrames(1);                                               // the gateway answers PONG
            bool pong;
            int length;
            client.TryReceive(buffer, 0, 100, out length, out pong);
            Assert.IsTrue(pong);
            Assert.AreEqual(1, c.PongsReceived);
            Assert.AreEqual(5L, c.FramesSent, "the PING");
            Assert.AreEqual(2L, c.FramesReceived, "the PONG");

            client.Rekey();
            Assert.AreEqual(1, events.RekeyedCount);
            Assert.AreEqual(1u, events.RekeyedEpoch);
            Assert.IsFalse(events.RekeyedByGateway);
            DeliverClientFrames(1);                                               // the gateway follows
            s_gatewaySession.Rekey(s_gateway);
            Assert.AreEqual(0, client.Receive(buffer, 0, 50), "REKEY is no message");
            Assert.AreEqual(2, events.RekeyedCount);
            Assert.AreEqual(2u, events.RekeyedEpoch);
            Assert.IsTrue(events.RekeyedByGateway);
            Assert.AreEqual(2, c.Rekeys);
            Assert.AreEqual(0L, c.FramesDropped, "TCP never drops: it throws");
            Assert.AreEqual(0L, c.Retransmissions);

            client.Close();
            Assert.AreEqual(1, events.ClosedCount);
            Assert.AreEqual((int)CloseReason.Local, (int)events.ClosedReason);
            Assert.IsNull(events.ClosedError);
            Assert.AreEqual(7L, c.FramesSent, "+ REKEY + BYE");
            client.Close();
            Assert.AreEqual(1, events.ClosedCount, "Closed fires once per session");
        }

        [TestMethod]
        public void Closed_reports_gateway_bye()
        {
            UsmpClient client = Connect(0, out EventRecorder events);
            s_gatewaySession.Bye(s_gateway);
            Assert.ThrowsException(typeof(ConnectionClosedException), () => client.Receive(new byte[16], 0, 100));
            Assert.AreEqual(1, events.ClosedCount);
            Assert.AreEqual((int)CloseReason.GatewayBye, (int)events.ClosedReason);
        }

        [TestMethod]
        public void Closed_reports_the_error_that_ended_the_session()
        {
            UsmpClient client = Connect(0, out EventRecorder events);
            s_gatewaySession.Send(new byte[8], 0, 8, new TamperingSink(s_gateway));
            Assert.ThrowsException(typeof(CryptoException), () => client.Receive(new byte[16], 0, 100));
            Assert.AreEqual(1, events.ClosedCount);
            Assert.AreEqual((int)CloseReason.Error, (int)events.ClosedReason);
            Assert.IsInstanceOfType(events.ClosedError, typeof(CryptoException));
            Assert.IsTrue(events.Logged("session closed: error"), "error log");
        }

        [TestMethod]
        public void Closed_reports_a_silent_gateway()
        {
            UsmpClient client = Connect(0, out EventRecorder events, 1000);
            s_clock.Now += 1001;
            Assert.ThrowsException(typeof(UsmpTimeoutException), () => client.KeepaliveTick());
            Assert.AreEqual((int)CloseReason.GatewaySilent, (int)events.ClosedReason);
            Assert.IsInstanceOfType(events.ClosedError, typeof(UsmpTimeoutException));
        }

        [TestMethod]
        public void Log_level_filters_and_debug_logs_each_message()
        {
            UsmpClient client = Connect(0, out EventRecorder events);
            Assert.AreEqual((int)UsmpLogLevel.Info, (int)client.LogLevel, "default level");
            client.Send(new byte[3]);
            Assert.IsFalse(events.Logged("sent a message"), "Debug is off at Info");
            client.LogLevel = UsmpLogLevel.Debug;
            client.Send(new byte[3]);
            Assert.IsTrue(events.Logged("4 usmp sent a message of 3 bytes"), "level 4, tag usmp");
            client.LogLevel = UsmpLogLevel.None;
            int before = events.Log.Count;
            client.Close();
            Assert.AreEqual(before, events.Log.Count, "None logs nothing");
            Assert.IsFalse(client.IsLogEnabled(UsmpLogLevel.Error));
        }

        [TestMethod]
        public void Reconnects_count_handshakes_after_the_first()
        {
            UsmpClient client = new UsmpClient(Options(new ManualClock(), 0), new ReopeningTransport());
            EventRecorder events = new EventRecorder(client);
            client.Connect();
            client.Reconnect();
            client.Reconnect();
            Assert.AreEqual(3, client.Counters.Handshakes);
            Assert.AreEqual(2, client.Counters.Reconnects);
            Assert.AreEqual(3, events.ConnectedCount);
            Assert.AreEqual(2, events.ClosedCount, "each Reconnect closed the previous session");
            client.Close();
        }

        [TestMethod]
        public void A_handler_that_throws_does_not_end_the_session()
        {
            UsmpClient client = Connect(0, out EventRecorder events);
            client.Rekeyed += (c, epoch, byGateway) => { throw new InvalidOperationException("app bug"); };
            client.Rekey();
            Assert.IsTrue(client.IsConnected);
            Assert.IsTrue(events.Logged("an event handler threw InvalidOperationException: app bug"));
            client.Close();
        }

        [TestMethod]
        public void Reading_the_counters_allocates_nothing()
        {
#if NANOFRAMEWORK_1_0
            Assert.SkipTest("nanoFramework has no per-thread allocation counter; the host run measures it");
#else
            UsmpClient client = Connect(0, out EventRecorder events);
            client.Send(new byte[3]);
            long sum = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                UsmpCounters c = client.Counters;
                sum += c.FramesSent + c.BytesSent + c.FramesReceived + c.BytesReceived + c.MessagesSent + c.MessagesReceived
                    + c.Retransmissions + c.FramesDropped + c.Dropped(DropReason.BadTag) + c.Dropped(DropReason.Replay)
                    + c.DroppedStale + c.DroppedMalformed + c.DroppedOverflow + c.DroppedProtocol
                    + c.Handshakes + c.HandshakeFailures + c.Reconnects + c.Rekeys + c.PongsReceived;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.AreEqual(0L, allocated, "bytes allocated by 1,000 reads of every counter");
            Assert.AreEqual(1000L * (1 + 43 + 1 + 1), sum, "the reads saw the values");
            client.Close();
#endif
        }

        // ---- helpers ----

        private static UsmpClient Connect(int gatewayDelayMs, out EventRecorder events, int rxWatchdogMs = 0)
        {
            s_clock = new ManualClock();
            InMemoryTransport clientEnd;
            InMemoryTransport.CreatePair(false, out clientEnd, out s_gateway);
            ClientTestSupport.Preload(s_gateway, HandshakeTranscript.ChallengeFrame);
            ClientTestSupport.Preload(s_gateway, HandshakeTranscript.SessionOkFrame);
            SlowTransport slow = new SlowTransport(clientEnd, s_clock);
            slow.AdvanceMs = gatewayDelayMs;
            UsmpClientOptions options = Options(s_clock, rxWatchdogMs);
            UsmpClient client = new UsmpClient(options, slow);
            events = new EventRecorder(client);
            client.Connect();
            slow.AdvanceMs = 0;
            s_gateway.ReceiveFrame(s_frame, 0, 0);   // HELLO
            s_gateway.ReceiveFrame(s_frame, 0, 0);   // HELLO_ACK
            SessionKeys keys = SessionKeys.ForServer(TestHex.Decode(HandshakeTranscript.KC2s), TestHex.Decode(HandshakeTranscript.KS2c), TestHex.Decode(HandshakeTranscript.SessionId));
            s_gatewaySession = new Session(keys, false, new FixedRandomSource(new byte[] { 9, 8 }), s_clock);
            return client;
        }

        private static UsmpClientOptions Options(IClock clock, int rxWatchdogMs)
        {
            UsmpClientOptions options = new UsmpClientOptions();
            options.Psk = TestHex.Decode(HandshakeTranscript.Psk);
            options.DeviceId = TestHex.Decode(HandshakeTranscript.DeviceId);
            options.Random = new FixedRandomSource(new byte[] { 0x5A, 0xA5, 0x3C });
            options.EphemeralPrivateKeyForTests = TestHex.Decode(HandshakeTranscript.ClientPrivate);
            options.HandshakeTimeoutMs = 2000;
            options.Clock = clock;
            options.RxWatchdogMs = rxWatchdogMs;
            return options;
        }

        // The gateway reads count client frames and accepts each (answering PINGs, following REKEYs).
        private static void DeliverClientFrames(int count)
        {
            for (int i = 0; i < count; i++)
            {
                int length = s_gateway.ReceiveFrame(s_frame, 0, 100);
                s_gatewaySession.Accept(s_frame, 0, length, s_gateway);
            }
        }

        // Flips the last byte of the GCM tag and fixes the CRC: a frame that parses but does not authenticate.
        private sealed class TamperingSink : IFrameSink
        {
            private readonly IFrameSink _inner;

            public TamperingSink(IFrameSink inner)
            {
                _inner = inner;
            }

            public void SendFrame(byte[] buffer, int offset, int length)
            {
                buffer[offset + length - 1] ^= 0x01;
                FrameHeader.WriteCrc(buffer, offset);
                _inner.SendFrame(buffer, offset, length);
            }
        }
    }
}
