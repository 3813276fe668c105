// UsmpClient diagnostics over UDP (in-memory datagram links): every drop reason counted and raised
// with the frame that caused it (a gateway-side Session seals real frames, the test delivers,
// repeats, tampers and delivers them late by hand); retransmissions counted and raised per attempt
// (a gateway that never acknowledges, and the lossy link against UdpTestGateway); a failed UDP
// handshake names its likely cause by the stage it stalled at.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class DiagnosticsUdpTests
    {
        private static InMemoryDatagramLink s_gateway;

        [TestMethod]
        public void Drops_are_counted_and_raised_by_reason()
        {
            StepClock clock = new StepClock();
            UdpTransport transport;
            UsmpClient client = ConnectScripted(clock, out transport, out EventRecorder events);
            Assert.AreEqual(1, events.ConnectedCount);
            Assert.IsTrue(events.ConnectedUdp, "udp");
            Assert.AreEqual(HandshakeTranscriptUdp.SessionId, events.ConnectedSessionId);

            SessionKeys keys = SessionKeys.ForServer(TestHex.Decode(HandshakeTranscriptUdp.KC2s), TestHex.Decode(HandshakeTranscriptUdp.KS2c), TestHex.Decode(HandshakeTranscriptUdp.SessionId));
            Session gateway = new Session(keys, true, new FixedRandomSource(new byte[] { 7 }), new SystemClock());
            CaptureSink sealedFrames = new CaptureSink();
            for (int i = 0; i < 70; i++)
            {
                gateway.Send(new byte[] { (byte)i }, 0, 1, sealedFrames);        // seqs 0..69, one whole message each
            }
            byte[] buffer = new byte[UsmpConstants.MaxMessageSize];

            Deliver(sealedFrames.Frame(0));
            Assert.AreEqual(1, client.Receive(buffer, 0, 200), "seq 0 delivered");
            Deliver(sealedFrames.Frame(0));                                        // again
            Deliver(new byte[] { 1, 2, 3, 4, 5 });                                 // not a frame
            byte[] forged = (byte[])sealedFrames.Frame(1).Clone();
            forged[forged.Length - 1] ^= 0x01;
            FrameHeader.WriteCrc(forged, 0);                                       // parses, does not authenticate
            Deliver(forged);
            byte[] garbled = (byte[])sealedFrames.Frame(1).Clone();
            garbled[20] ^= 0x40;                                                   // CRC no longer matches
            Deliver(garbled);
            Assert.AreEqual(0, client.Receive(buffer, 0, 100), "nothing deliverable");
            for (int seq = 1; seq <= 69; seq++)
            {
                Deliver(sealedFrames.Frame(seq));
            }
            for (int seq = 1; seq <= 69; seq++)
            {
                Assert.AreEqual(1, client.Receive(buffer, 0, 200), "seq " + seq.ToString() + " delivered");
                Assert.AreEqual((byte)seq, buffer[0]);
            }
            Deliver(sealedFrames.Frame(2));                                        // 67 behind the highest: outside the window
            Assert.AreEqual(0, client.Receive(buffer, 0, 100));

            UsmpCounters c = client.Counters;
            Assert.AreEqual(1L, c.DroppedReplay, "replay");
            Assert.AreEqual(2L, c.DroppedMalformed, "short datagram + bad CRC");
            Assert.AreEqual(1L, c.DroppedBadTag, "bad tag");
            Assert.AreEqual(1L, c.DroppedStale, "stale");
            Assert.AreEqual(0L, c.DroppedOverflow + c.DroppedProtocol);
            Assert.AreEqual(5L, c.FramesDropped);
            Assert.AreEqual(5, events.DroppedCount, "one event per drop");
            Assert.AreEqual(1, events.DroppedByReason[(int)DropReason.Replay]);
            Assert.AreEqual(2, events.DroppedByReason[(int)DropReason.Malformed]);
            Assert.AreEqual(1, events.DroppedByReason[(int)DropReason.BadTag]);
            Assert.AreEqual(1, events.DroppedByReason[(int)DropReason.Stale]);
            Assert.AreEqual(74L, c.FramesReceived, "frames handed to the session (the 5-byte datagram never was)");
            Assert.AreEqual(70L, c.MessagesReceived);
            Assert.IsTrue(events.Logged("frame dropped: reason 1 (bad tag)"), "warn log");
            clock.Step = 10000;   // nobody acknowledges the courtesy BYE: give up at once
            client.Close();
            Assert.AreEqual((int)CloseReason.Local, (int)events.ClosedReason);
        }

        [TestMethod]
        public void Retransmissions_are_counted_and_raised_per_attempt()
        {
            StepClock clock = new StepClock();
            UdpTransport transport;
            UsmpClient client = ConnectScripted(clock, out transport, out EventRecorder events);
            clock.Step = 10000;   // every wait for a UTACK expires at once: the gateway never acknowledges
            Assert.ThrowsException(typeof(TransportException), () => client.Send(new byte[] { 1 }));
            Assert.AreEqual(4, events.RetransmittedCount, "5 attempts = 1 send + 4 retransmissions");
            Assert.AreEqual(1, events.MinAttempt);
            Assert.AreEqual(4, events.MaxAttempt);
            Assert.AreEqual((byte)0x05, events.RetransmittedType, "DATA");
            Assert.AreEqual(0u, events.RetransmittedSeq);
            Assert.AreEqual(4L, client.Counters.Retransmissions);
            Assert.AreEqual(4L, transport.Retransmissions);
            Assert.AreEqual(1, events.ClosedCount);
            Assert.AreEqual((int)CloseReason.Error, (int)events.ClosedReason);
            Assert.IsInstanceOfType(events.ClosedError, typeof(TransportException));
            Assert.IsTrue(events.Logged("retransmit type 0x05 seq 0 attempt 4"), "warn log");
        }

        [TestMethod]
        public void Lossy_link_events_match_counters()
        {
            InMemoryDatagramLink clientLink;
            InMemoryDatagramLink gatewayLink;
            InMemoryDatagramLink.CreatePair(out clientLink, out gatewayLink);
            clientLink.Seed(2024);
            gatewayLink.Seed(2024 ^ 0x5EED);
            UdpTestGateway gateway = new UdpTestGateway(gatewayLink);
            gateway.Start();
            UdpTransport transport = new UdpTransport(clientLink, new SystemClock());
            UsmpClient client = new UsmpClient(UdpOptions(), transport);
            EventRecorder events = new EventRecorder(client);
            client.Connect();
            Impair(clientLink);
            Impair(gatewayLink);
            const int Messages = 16;
            byte[] received = new byte[64];
            for (int i = 0; i < Messages; i++)
            {
                client.Send(new byte[] { (byte)i, 1, 2, 3 });
                int length;
                Assert.IsTrue(client.TryReceive(received, 0, 10000, out length), "echo " + i.ToString());
                Assert.AreEqual((byte)i, received[0]);
            }
            client.Close();
            gateway.StopAndJoin();
            Assert.IsNull(gateway.Error, gateway.Error);

            UsmpCounters c = client.Counters;
            Assert.IsTrue(clientLink.Dropped > 0, "the link lost datagrams the client sent");
            Assert.IsTrue(c.Retransmissions > 0, "lost frames or UTACKs were retransmitted");
            Assert.AreEqual(c.Retransmissions, (long)events.RetransmittedCount, "one event per retransmission");
            Assert.AreEqual(transport.Retransmissions, c.Retransmissions, "the transport's own count");
            Assert.IsTrue(events.MinAttempt >= 1 && events.MaxAttempt <= 4, "attempt numbers 1..4");
            Assert.IsTrue(c.FramesDropped > 0, "duplicated datagrams were dropped");
            Assert.AreEqual(c.FramesDropped, (long)events.DroppedCount, "one event per drop");
            Assert.AreEqual(c.FramesDropped, c.DroppedBadTag + c.DroppedReplay + c.DroppedStale + c.DroppedMalformed + c.DroppedOverflow + c.DroppedProtocol, "every drop has a reason");
            Assert.AreEqual((long)Messages, c.MessagesSent);
            Assert.AreEqual((long)Messages, c.MessagesReceived);
            Assert.AreEqual((long)Messages + 1, c.FramesSent, "one frame per message + BYE, retransmissions apart");
            Assert.AreEqual((int)CloseReason.Local, (int)events.ClosedReason);
        }

        [TestMethod]
        public void Udp_handshake_without_any_answer_names_gateway_down()
        {
            InMemoryDatagramLink clientLink;
            InMemoryDatagramLink.CreatePair(out clientLink, out s_gateway);
            StepClock clock = new StepClock();
            clock.Step = 10000;
            UsmpClient client = new UsmpClient(UdpOptions(), new UdpTransport(clientLink, clock));
            EventRecorder events = new EventRecorder(client);
            Exception e = Record(() => client.Connect());
            Assert.IsInstanceOfType(e, typeof(TransportException));
            Assert.StartsWith("UDP handshake: no answer to HELLO", e.Message);
            Assert.Contains("gateway is down", e.Message);
            AssertOneLine(e.Message);
            Assert.AreEqual(1, client.Counters.HandshakeFailures);
            Assert.AreEqual(0, events.ClosedCount, "no session was established");
            Assert.IsTrue(events.Logged("connect failed: UDP handshake: no answer to HELLO"), "error log");
        }

        [TestMethod]
        public void Udp_handshake_stalled_after_the_cookie_names_a_refused_hello()
        {
            Exception e = HandshakeStalledAfter(new string[] { "acac0100000000", HandshakeTranscriptUdp.HelloRetryFrame, "acac0101000000" });
            Assert.IsInstanceOfType(e, typeof(UsmpTimeoutException));
            Assert.StartsWith("UDP handshake: the cookie was never answered with CHALLENGE", e.Message);
            AssertOneLine(e.Message);
        }

        [TestMethod]
        public void Udp_handshake_stalled_after_the_psk_proof_names_a_wrong_psk()
        {
            Exception e = HandshakeStalledAfter(new string[] { "acac0100000000", HandshakeTranscriptUdp.HelloRetryFrame, "acac0101000000", HandshakeTranscriptUdp.ChallengeFrame, "acac0302000000" });
            Assert.IsInstanceOfType(e, typeof(UsmpTimeoutException));
            Assert.StartsWith("UDP handshake: no SESSION_OK after our PSK proof: most likely a wrong PSK", e.Message);
            Assert.Contains("per-IP session limit", e.Message);
            AssertOneLine(e.Message);
        }

        // ---- helpers ----

        // The transcript's UDP handshake, scripted: every gateway datagram up to SESSION_OK preloaded.
        private static UsmpClient ConnectScripted(StepClock clock, out UdpTransport transport, out EventRecorder events)
        {
            InMemoryDatagramLink clientLink;
            InMemoryDatagramLink.CreatePair(out clientLink, out s_gateway);
            string[] script = { "acac0100000000", HandshakeTranscriptUdp.HelloRetryFrame, "acac0101000000", HandshakeTranscriptUdp.ChallengeFrame, "acac0302000000", HandshakeTranscriptUdp.SessionOkFrame };
            for (int i = 0; i < script.Length; i++)
            {
                ClientTestSupport.Preload(s_gateway, script[i]);
            }
            transport = new UdpTransport(clientLink, clock);
            UsmpClient client = new UsmpClient(UdpOptions(), transport);
            events = new EventRecorder(client);
            client.Connect();
            return client;
        }

        private static Exception HandshakeStalledAfter(string[] script)
        {
            InMemoryDatagramLink clientLink;
            InMemoryDatagramLink.CreatePair(out clientLink, out s_gateway);
            for (int i = 0; i < script.Length; i++)
            {
                ClientTestSupport.Preload(s_gateway, script[i]);
            }
            UsmpClientOptions options = UdpOptions();
            options.HandshakeTimeoutMs = 300;
            UsmpClient client = new UsmpClient(options, new UdpTransport(clientLink, new SystemClock()));
            Exception e = Record(() => client.Connect());
            Assert.AreEqual(1, client.Counters.HandshakeFailures);
            Assert.IsFalse(client.IsConnected);
            return e;
        }

        private static UsmpClientOptions UdpOptions()
        {
            UsmpClientOptions options = new UsmpClientOptions();
            options.Psk = TestHex.Decode(HandshakeTranscriptUdp.Psk);
            options.DeviceId = TestHex.Decode(HandshakeTranscriptUdp.DeviceId);
            options.Random = new FixedRandomSource(new byte[] { 1, 2, 3 });
            options.EphemeralPrivateKeyForTests = TestHex.Decode(HandshakeTranscriptUdp.ClientPrivate);
            options.HandshakeTimeoutMs = 5000;
            return options;
        }

        private static void Deliver(byte[] datagram)
        {
            s_gateway.Send(datagram, 0, datagram.Length);
        }

        private static void Impair(InMemoryDatagramLink link)
        {
            link.LossPercent = 10;
            link.DuplicatePercent = 10;
            link.ReorderPercent = 10;
        }

        private static Exception Record(Action action)
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                return e;
            }
            throw new TestFrameworkShared.AssertFailedException("expected an exception");
        }

        private static void AssertOneLine(string message)
        {
            Assert.AreEqual(-1, message.IndexOf('\n'), "one line");
            Assert.IsTrue(message.IndexOf("; ") > 0, "what went wrong; what to do");
        }
    }
}
