// The MinimalTelemetry sample's portable part (firmware/Samples/MinimalTelemetry/TelemetryRound.cs,
// compiled into this assembly) run end to end: over UDP against UdpTestGateway (a real handshake,
// an echoing gateway session on its own thread), and over TCP against the transcript gateway.
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using MinimalTelemetry;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class MinimalTelemetryTests
    {
        [TestMethod]
        public void Sample_round_over_udp_gets_the_echo_and_closes_with_bye()
        {
            InMemoryDatagramLink clientLink;
            InMemoryDatagramLink gatewayLink;
            UdpTestGateway gateway = UdpTestGateway.StartOnNewLink(out clientLink, out gatewayLink);
            UsmpClientOptions options = UdpTestGateway.TranscriptClientOptions();
            UsmpClient client = new UsmpClient(options, new UdpTransport(clientLink, new SystemClock()));
            byte[] reading = new byte[] { 0x7B, 0x22, 0x74, 0x22, 0x3A, 0x32, 0x31, 0x7D };   // {"t":21}
            byte[] reply = new byte[UsmpConstants.MaxMessageSize];

            int length = TelemetryRound.Run(client, reading, reply, 5000);

            gateway.StopAndJoin();
            Assert.IsNull(gateway.Error, gateway.Error);
            Assert.AreEqual(reading.Length, length, "the echo's length");
            CollectionAssert.AreEqual(reading, TestHex.Slice(reply, 0, length), "the echo");
            Assert.AreEqual(1, gateway.Received.Count, "the gateway got the reading once");
            CollectionAssert.AreEqual(reading, (byte[])gateway.Received[0]);
            Assert.IsTrue(gateway.SawBye, "the round ended with a courtesy BYE");
            Assert.IsFalse(client.IsConnected);
            Assert.AreEqual(1L, client.Counters.MessagesSent);
            Assert.AreEqual(1L, client.Counters.MessagesReceived);
        }

        [TestMethod]
        public void Sample_round_over_tcp_gets_the_reply_and_closes_with_bye()
        {
            InMemoryTransport clientEnd;
            InMemoryTransport gatewayEnd;
            InMemoryTransport.CreatePair(false, out clientEnd, out gatewayEnd);
            ClientTestSupport.Preload(gatewayEnd, HandshakeTranscript.ChallengeFrame);
            ClientTestSupport.Preload(gatewayEnd, HandshakeTranscript.SessionOkFrame);
            ClientTestSupport.Preload(gatewayEnd, HandshakeTranscript.ServerSessionFrames[0]);   // the gateway's first message
            UsmpClientOptions options = new UsmpClientOptions();
            options.Psk = TestHex.Decode(HandshakeTranscript.Psk);
            options.DeviceId = TestHex.Decode(HandshakeTranscript.DeviceId);
            options.Random = new FixedRandomSource(new byte[] { 0x5A });
            options.EphemeralPrivateKeyForTests = TestHex.Decode(HandshakeTranscript.ClientPrivate);
            UsmpClient client = new UsmpClient(options, clientEnd);
            byte[] reply = new byte[UsmpConstants.MaxMessageSize];

            int length = TelemetryRound.Run(client, TestHex.Decode(HandshakeTranscript.ClientSessionPlaintexts[0]), reply, 1000);

            CollectionAssert.AreEqual(TestHex.Decode(HandshakeTranscript.ServerSessionPlaintexts[0]), TestHex.Slice(reply, 0, length), "the gateway's message");
            byte[] frame = new byte[UsmpConstants.MaxFrame];
            gatewayEnd.ReceiveFrame(frame, 0, 100);                                   // HELLO
            gatewayEnd.ReceiveFrame(frame, 0, 100);                                   // HELLO_ACK
            int sent = gatewayEnd.ReceiveFrame(frame, 0, 100);
            CollectionAssert.AreEqual(TestHex.Decode(HandshakeTranscript.ClientSessionFrames[0]), TestHex.Slice(frame, 0, sent), "the reading, byte for byte as in the transcript");
            gatewayEnd.ReceiveFrame(frame, 0, 100);
            Assert.AreEqual((byte)0x08, frame[3], "then BYE");
            Assert.IsFalse(client.IsConnected);
        }
    }
}
