// UsmpClient against scripted gateways over the in-memory transports: byte-for-byte reproduction
// of tests/vectors/data/handshake-transcript.json (TCP) and handshake-transcript-udp.json (UDP,
// every client datagram incl. UTACKs), with the test seams for the ephemeral key (RFC 7748 §6.1
// Alice) and a fixed random source. Fixture: UsmpClientFixture.cs.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using static NFUnitTest.ClientTestSupport;
using static NFUnitTest.UsmpClientFixture;

namespace NFUnitTest
{
    [TestClass]
    public class UsmpClientTranscriptTests
    {
        // ---- transcripts ----

        [TestMethod]
        public void Handshake_transcript_tcp_reproduced_byte_for_byte()
        {
            InMemoryTransport client;
            InMemoryTransport gateway;
            InMemoryTransport.CreatePair(false, out client, out gateway);
            Preload(gateway, HandshakeTranscript.ChallengeFrame);
            Preload(gateway, HandshakeTranscript.SessionOkFrame);
            for (int i = 0; i < HandshakeTranscript.ServerSessionFrames.Length; i++)
            {
                Preload(gateway, HandshakeTranscript.ServerSessionFrames[i]);
            }

            UsmpClient usmp = new UsmpClient(TranscriptOptions(HandshakeTranscript.Psk, HandshakeTranscript.DeviceId, HandshakeTranscript.ClientPrivate), client);
            RunTranscriptSession(usmp, HandshakeTranscript.ClientSessionPlaintexts, HandshakeTranscript.ServerSessionPlaintexts, null);

            AssertNextFrame(gateway, HandshakeTranscript.HelloFrame);
            AssertNextFrame(gateway, HandshakeTranscript.HelloAckFrame);
            for (int i = 0; i < HandshakeTranscript.ClientSessionFrames.Length; i++)
            {
                AssertNextFrame(gateway, HandshakeTranscript.ClientSessionFrames[i]);
            }
            Assert.ThrowsException(typeof(ConnectionClosedException), () => gateway.ReceiveFrame(s_frame, 0, 0));
            AssertWiped(usmp);
            Assert.IsNull(client.AttachedSession, "the transport let go of the session");
        }

        [TestMethod]
        public void Handshake_transcript_udp_reproduced_byte_for_byte_with_every_utack()
        {
            InMemoryDatagramLink clientLink;
            InMemoryDatagramLink gateway;
            InMemoryDatagramLink.CreatePair(out clientLink, out gateway);
            // Every server->client datagram of handshake-transcript-udp.json, in send order.
            Preload(gateway, "acac0100000000");                                  // [1]
            Preload(gateway, HandshakeTranscriptUdp.HelloRetryFrame);            // [2]
            Preload(gateway, "acac0101000000");                                  // [5]
            Preload(gateway, HandshakeTranscriptUdp.ChallengeFrame);             // [6]
            Preload(gateway, "acac0302000000");                                  // [9]
            Preload(gateway, HandshakeTranscriptUdp.SessionOkFrame);             // [10]
            Preload(gateway, "acac05000000007a9d12ac533195b7");                  // [13]
            Preload(gateway, HandshakeTranscriptUdp.ServerSessionFrames[0]);     // [14]
            Preload(gateway, "acac0501000000f2456dddeb5b43f2");                  // [17]
            Preload(gateway, HandshakeTranscriptUdp.ServerSessionFrames[1]);     // [18]
            Preload(gateway, "acac05020000001a7d854597c70fa9");                  // [21]
            Preload(gateway, HandshakeTranscriptUdp.ServerSessionFrames[2]);     // [22]
            Preload(gateway, "acac0603000000c1f3bc0996e80cb5");                  // [25]
            Preload(gateway, HandshakeTranscriptUdp.ServerSessionFrames[3]);     // [26]
            s_udpGateway = gateway;

            UdpTransport transport = new UdpTransport(clientLink, new SystemClock());
            UsmpClient usmp = new UsmpClient(TranscriptOptions(HandshakeTranscriptUdp.Psk, HandshakeTranscriptUdp.DeviceId, HandshakeTranscriptUdp.ClientPrivate), transport);
            // [29], the UTACK for BYE, only once the client is about to send BYE: earlier it would be
            // read (and ignored as stale) by the Receive that swallows the PONG.
            RunTranscriptSession(usmp, HandshakeTranscriptUdp.ClientSessionPlaintexts, HandshakeTranscriptUdp.ServerSessionPlaintexts, PreloadByeUtack);

            // Every client->server datagram, in send order.
            AssertNextDatagram(gateway, HandshakeTranscriptUdp.HelloFrame);               // [0]
            AssertNextDatagram(gateway, "acac0a00000000");                                // [3]
            AssertNextDatagram(gateway, HandshakeTranscriptUdp.HelloWithCookieFrame);     // [4]
            AssertNextDatagram(gateway, "acac0200000000");                                // [7]
            AssertNextDatagram(gateway, HandshakeTranscriptUdp.HelloAckFrame);            // [8]
            AssertNextDatagram(gateway, "acac0400000000");                                // [11]
            AssertNextDatagram(gateway, HandshakeTranscriptUdp.ClientSessionFrames[0]);   // [12]
            AssertNextDatagram(gateway, "acac050000000011db6b662aa62498");                // [15]
            AssertNextDatagram(gateway, HandshakeTranscriptUdp.ClientSessionFrames[1]);   // [16]
            AssertNextDatagram(gateway, "acac0501000000cff0f5a228f31758");                // [19]
            AssertNextDatagram(gateway, HandshakeTranscriptUdp.ClientSessionFrames[2]);   // [20]
            AssertNextDatagram(gateway, "acac05020000007a7d1fcd0a109a3a");                // [23]
            AssertNextDatagram(gateway, HandshakeTranscriptUdp.ClientSessionFrames[3]);   // [24]
            AssertNextDatagram(gateway, "acac070300000012f2bdd9d73ff4f8");                // [27]
            AssertNextDatagram(gateway, HandshakeTranscriptUdp.ClientSessionFrames[4]);   // [28]
            Assert.AreEqual(0, gateway.Receive(s_datagram, 0, s_datagram.Length, 0), "nothing more");
            AssertWiped(usmp);
            Assert.IsFalse(transport.SessionAttached, "the transport let go of the session (it never held key copies)");
        }
    }
}
