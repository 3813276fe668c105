// UdpTransport: the §8 receive rules (size checks, handshake frames UTACKed at once, duplicate
// handshake frames, the 4096-byte read buffer; session frames UTACKed only once authenticated: by
// the Session after Accept, or by PreAcknowledge while a send waits) and the send rules
// (stop-and-wait ARQ, UTACK MAC check under the key epoch that sealed the frame), driven through a
// raw InMemoryDatagramLink end that plays the gateway.
// Frames and UTACKs: tests/vectors/data/handshake-transcript-udp.json (through NFUnitTest.Vectors).
using System;
using System.Threading;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class UdpTransportTests
    {
        private static readonly byte[] s_buffer = new byte[512];

        [TestMethod]
        public void Usmp_s8_handshake_frame_is_utacked_plain_and_delivered()
        {
            UdpTransport client;
            InMemoryDatagramLink gateway;
            Create(out client, out gateway);
            Send(gateway, HandshakeTranscriptUdp.ChallengeFrame);
            byte[] frame = new byte[UsmpConstants.MaxFrame];
            int length = client.ReceiveFrame(frame, 0, 1000);
            CollectionAssert.AreEqual(TestHex.Decode(HandshakeTranscriptUdp.ChallengeFrame), TestHex.Slice(frame, 0, length));
            // datagrams[7]: the client's UTACK for CHALLENGE seq 0
            AssertNext(gateway, "acac0200000000");
            AssertNothing(gateway);
        }

        [TestMethod]
        public void Usmp_s8_duplicate_handshake_frames_are_utacked_again_and_dropped()
        {
            UdpTransport client;
            InMemoryDatagramLink gateway;
            Create(out client, out gateway);
            Send(gateway, HandshakeTranscriptUdp.HelloRetryFrame);
            Send(gateway, HandshakeTranscriptUdp.HelloRetryFrame);     // same type as the last
            Send(gateway, HandshakeTranscriptUdp.ChallengeFrame);
            Send(gateway, HandshakeTranscriptUdp.HelloRetryFrame);     // HELLO_RETRY after a handshake frame
            Send(gateway, HandshakeTranscriptUdp.ChallengeFrame);      // same type as the last
            Send(gateway, HandshakeTranscriptUdp.SessionOkFrame);
            Send(gateway, HandshakeTranscriptUdp.ChallengeFrame);      // CHALLENGE after SESSION_OK
            byte[] frame = new byte[UsmpConstants.MaxFrame];
            Assert.AreEqual(28, client.ReceiveFrame(frame, 0, 1000));
            Assert.AreEqual((byte)0x0A, frame[3]);
            Assert.AreEqual(76, client.ReceiveFrame(frame, 0, 1000));
            Assert.AreEqual((byte)0x02, frame[3]);
            Assert.AreEqual(60, client.ReceiveFrame(frame, 0, 1000));
            Assert.AreEqual((byte)0x04, frame[3]);
            Assert.AreEqual(0, client.ReceiveFrame(frame, 0, 50), "every duplicate dropped");
            string[] utacks = new string[] { "acac0a00000000", "acac0a00000000", "acac0200000000", "acac0a00000000", "acac0200000000", "acac0400000000", "acac0200000000" };
            for (int i = 0; i < utacks.Length; i++)
            {
                AssertNext(gateway, utacks[i]);
            }
            AssertNothing(gateway);
        }

        [TestMethod]
        public void Usmp_s8_size_check_failures_are_dropped_without_utack()
        {
            UdpTransport client;
            InMemoryDatagramLink gateway;
            Create(out client, out gateway);
            byte[] frame = TestHex.Decode(HandshakeTranscriptUdp.ChallengeFrame);
            gateway.Send(frame, 0, 11);                       // shorter than 12
            gateway.Send(frame, 0, frame.Length - 1);         // size != 12 + length
            byte[] badMagic = TestHex.Decode(HandshakeTranscriptUdp.ChallengeFrame);
            badMagic[0] = 0xCE;
            gateway.Send(badMagic, 0, badMagic.Length);
            byte[] oversize = new byte[12 + 481];
            oversize[0] = 0xCD;
            oversize[1] = 0xAB;
            oversize[8] = 481 & 0xFF;
            oversize[9] = 481 >> 8;
            gateway.Send(oversize, 0, oversize.Length);       // length > 480
            Assert.AreEqual(0, client.ReceiveFrame(new byte[UsmpConstants.MaxFrame], 0, 100));
            AssertNothing(gateway);
        }

        [TestMethod]
        public void Usmp_s8_session_utack_only_after_the_session_accepted_the_frame_with_a_mac_under_the_rx_key()
        {
            UdpTransport client;
            InMemoryDatagramLink gateway;
            Create(out client, out gateway);
            Session session = AttachTranscriptSession(client);
            Send(gateway, HandshakeTranscriptUdp.ServerSessionFrames[0]);
            byte[] frame = new byte[UsmpConstants.MaxFrame];
            Assert.AreEqual(57, client.ReceiveFrame(frame, 0, 1000));
            AssertNothing(gateway);   // the transport acknowledges no session frame by itself
            Assert.AreEqual((int)SessionEvent.Message, (int)session.Accept(frame, 0, 57, client));
            // datagrams[15]: the client's UTACK for server DATA seq 0, MAC key k_s2c
            AssertNext(gateway, "acac050000000011db6b662aa62498");
            AssertNothing(gateway);
        }

        [TestMethod]
        public void Usmp_s8_forged_stale_and_replayed_session_frames_get_no_utack_an_accepted_duplicate_gets_it_again()
        {
            UdpTransport client;
            InMemoryDatagramLink gateway;
            Create(out client, out gateway);
            Session session = AttachTranscriptSession(client);
            byte[] frame = new byte[UsmpConstants.MaxFrame];
            byte[] forged = TestHex.Decode(HandshakeTranscriptUdp.ServerSessionFrames[0]);
            forged[30] ^= 0x01;
            FrameHeader.WriteCrc(forged, 0);
            gateway.Send(forged, 0, forged.Length);
            Assert.AreEqual((int)SessionEvent.Dropped, (int)session.Accept(frame, 0, client.ReceiveFrame(frame, 0, 1000), client));
            AssertNothing(gateway);   // no receipt for a forgery
            Send(gateway, HandshakeTranscriptUdp.ServerSessionFrames[0]);
            Assert.AreEqual((int)SessionEvent.Message, (int)session.Accept(frame, 0, client.ReceiveFrame(frame, 0, 1000), client));
            AssertNext(gateway, "acac050000000011db6b662aa62498");
            Send(gateway, HandshakeTranscriptUdp.ServerSessionFrames[0]);   // an honest retransmission: its UTACK was lost
            Assert.AreEqual((int)SessionEvent.Dropped, (int)session.Accept(frame, 0, client.ReceiveFrame(frame, 0, 1000), client));
            AssertNext(gateway, "acac050000000011db6b662aa62498");           // acknowledged again, not delivered again
            AssertNothing(gateway);
        }

        [TestMethod]
        public void Usmp_s8_during_the_arq_wait_only_authenticated_session_frames_are_utacked_and_queued()
        {
            UdpTransport client;
            InMemoryDatagramLink gateway;
            Create(out client, out gateway);
            AttachTranscriptSession(client);
            byte[] forged = TestHex.Decode(HandshakeTranscriptUdp.ServerSessionFrames[1]);
            forged[forged.Length - 1] ^= 0x80;
            FrameHeader.WriteCrc(forged, 0);
            gateway.Send(forged, 0, forged.Length);                          // a forgery: dropped, no UTACK
            Send(gateway, HandshakeTranscriptUdp.ServerSessionFrames[0]);    // genuine: UTACK + queued
            Send(gateway, "acac05000000007a9d12ac533195b7");                 // the UTACK for our DATA seq 0
            byte[] data = TestHex.Decode(HandshakeTranscriptUdp.ClientSessionFrames[0]);
            client.SendFrame(data, 0, data.Length);
            Assert.AreEqual(1, client.QueuedFrames, "only the genuine frame was queued");
            AssertNext(gateway, HandshakeTranscriptUdp.ClientSessionFrames[0]);
            AssertNext(gateway, "acac050000000011db6b662aa62498");
            AssertNothing(gateway);
        }

        [TestMethod]
        public void Usmp_s8_utack_with_bad_or_missing_mac_is_ignored_and_the_frame_resent()
        {
            UdpTransport client;
            InMemoryDatagramLink gateway;
            Create(out client, out gateway);
            AttachTranscriptSession(client);
            PrimeFastRto(client);
            s_resends = 0;
            s_gatewayError = null;
            s_gateway = gateway;
            Thread peer = new Thread(ForgedThenGoodUtack);
            peer.Start();
            byte[] data = TestHex.Decode(HandshakeTranscriptUdp.ClientSessionFrames[0]);
            client.SendFrame(data, 0, data.Length);
            peer.Join();
            Assert.IsNull(s_gatewayError, s_gatewayError);
            Assert.AreEqual(2, s_resends, "the forged UTACKs did not stop the ARQ: the frame went out twice");
        }

        [TestMethod]
        public void Usmp_s8_arq_gives_up_after_5_attempts_with_TransportException()
        {
            UdpTransport client;
            InMemoryDatagramLink gateway;
            Create(out client, out gateway);
            PrimeFastRto(client);
            byte[] hello = TestHex.Decode(HandshakeTranscriptUdp.HelloFrame);
            Assert.ThrowsException(typeof(TransportException), () => client.SendFrame(hello, 0, hello.Length));
            for (int i = 0; i < 5; i++)
            {
                AssertNext(gateway, HandshakeTranscriptUdp.HelloFrame);
            }
            AssertNothing(gateway);
        }

        [TestMethod]
        public void Usmp_s8_frames_arriving_during_the_arq_wait_are_utacked_and_queued()
        {
            UdpTransport client;
            InMemoryDatagramLink gateway;
            Create(out client, out gateway);
            Send(gateway, HandshakeTranscriptUdp.HelloRetryFrame);   // arrives before the UTACK
            Send(gateway, "acac0100000000");
            byte[] hello = TestHex.Decode(HandshakeTranscriptUdp.HelloFrame);
            client.SendFrame(hello, 0, hello.Length);
            Assert.AreEqual(1, client.QueuedFrames);
            AssertNext(gateway, HandshakeTranscriptUdp.HelloFrame);
            AssertNext(gateway, "acac0a00000000");
            Assert.AreEqual(28, client.ReceiveFrame(new byte[UsmpConstants.MaxFrame], 0, 0));
        }

        [TestMethod]
        public void Usmp_s8_read_buffer_capped_at_4096_bytes_overflow_dropped()
        {
            UdpTransport client;
            InMemoryDatagramLink gateway;
            Create(out client, out gateway);
            byte[] big = new byte[UsmpConstants.MaxFrame];
            big[0] = 0xCD;
            big[1] = 0xAB;
            big[2] = 0x02;
            big[3] = 0x05;
            big[8] = 480 & 0xFF;
            big[9] = 480 >> 8;
            for (int i = 0; i < 9; i++)
            {
                big[4] = (byte)i;
                gateway.Send(big, 0, big.Length);
            }
            Send(gateway, "acac0100000000");
            byte[] hello = TestHex.Decode(HandshakeTranscriptUdp.HelloFrame);
            client.SendFrame(hello, 0, hello.Length);
            Assert.AreEqual(8, client.QueuedFrames, "8 x 492 = 3936 fit, a 9th would pass 4096");
            AssertNext(gateway, HandshakeTranscriptUdp.HelloFrame);
            AssertNothing(gateway);   // session frames are never acknowledged by the transport itself
        }

        [TestMethod]
        public void Close_detaches_the_session_it_never_held_key_copies()
        {
            UdpTransport client;
            InMemoryDatagramLink gateway;
            Create(out client, out gateway);
            AttachTranscriptSession(client);
            Assert.IsTrue(client.SessionAttached);
            client.Close();
            Assert.IsFalse(client.SessionAttached);
            Assert.ThrowsException(typeof(NotConnectedException), () => client.ReceiveFrame(s_buffer, 0, 0));
        }

        [TestMethod]
        [DataRow(2024u)]
        [DataRow(0xBADC0DEu)]
        public void Lossy_link_full_session_delivers_every_message_exactly_once_in_order(uint seed)
        {
            InMemoryDatagramLink clientLink;
            InMemoryDatagramLink gatewayLink;
            UdpTestGateway gateway = UdpTestGateway.StartOnNewLink(out clientLink, out gatewayLink);
            clientLink.Seed(seed);
            gatewayLink.Seed(seed ^ 0x5EED);

            UsmpClientOptions options = UdpTestGateway.TranscriptClientOptions();
            UdpTransport transport = new UdpTransport(clientLink, new SystemClock());
            UsmpClient client = new UsmpClient(options, transport);
            client.Connect();

            // The session runs over a link that loses, duplicates and reorders in both directions.
            Impair(clientLink);
            Impair(gatewayLink);
            const int Messages = 16;
            byte[] received = new byte[UsmpConstants.MaxMessageSize];
            for (int i = 0; i < Messages; i++)
            {
                byte[] message = MessageFor(i);
                client.Send(message);
                int length;
                Assert.IsTrue(client.TryReceive(received, 0, 10000, out length), "echo " + i.ToString());
                CollectionAssert.AreEqual(message, TestHex.Slice(received, 0, length), "echo " + i.ToString());
            }
            Assert.AreEqual(0, client.Receive(received, 0, 300), "no duplicate message surfaces");
            client.Close();
            gateway.StopAndJoin();

            Assert.IsNull(gateway.Error, gateway.Error);
            Assert.IsTrue(gateway.SawBye, "the courtesy BYE arrived");
            Assert.AreEqual(Messages, gateway.Received.Count, "every message exactly once at the gateway");
            for (int i = 0; i < Messages; i++)
            {
                CollectionAssert.AreEqual(MessageFor(i), (byte[])gateway.Received[i], "gateway message " + i.ToString());
            }
            Assert.IsTrue(clientLink.Dropped + gatewayLink.Dropped > 0, "the link did lose datagrams");
            Assert.IsTrue(clientLink.Duplicated + gatewayLink.Duplicated > 0, "the link did duplicate datagrams");
            Assert.IsTrue(clientLink.Reordered + gatewayLink.Reordered > 0, "the link did reorder datagrams");
            OutputHelper.WriteLine("seed " + seed.ToString() + ": sent " + clientLink.Sent.ToString() + "/" + gatewayLink.Sent.ToString()
                + ", dropped " + (clientLink.Dropped + gatewayLink.Dropped).ToString()
                + ", duplicated " + (clientLink.Duplicated + gatewayLink.Duplicated).ToString()
                + ", reordered " + (clientLink.Reordered + gatewayLink.Reordered).ToString()
                + ", client RTO " + (transport.Rto.RtoMicros / 1000).ToString() + " ms");
        }

        private static void Impair(InMemoryDatagramLink link)
        {
            link.LossPercent = 10;
            link.DuplicatePercent = 10;
            link.ReorderPercent = 10;
        }

        // Sizes 0..1808 (empty, single-frame, 2-4 fragments), content from the index.
        private static byte[] MessageFor(int index)
        {
            int[] sizes = new int[] { 13, 0, 452, 453, 1000, 1808, 1, 904, 905, 77, 1357, 451, 1807, 2, 300, 1356 };
            byte[] message = new byte[sizes[index % sizes.Length]];
            for (int i = 0; i < message.Length; i++)
            {
                message[i] = (byte)(index * 31 + i);
            }
            return message;
        }

        // ---- helpers ----

        private static InMemoryDatagramLink s_gateway;
        private static int s_resends;
        private static string s_gatewayError;

        // Gateway side of the bad-MAC test: answers the first copy with a forged and a MAC-less
        // UTACK, the second copy with the transcript's real one (datagrams[13]).
        private static void ForgedThenGoodUtack()
        {
            byte[] buffer = new byte[512];
            if (s_gateway.Receive(buffer, 0, buffer.Length, 2000) != 53)
            {
                s_gatewayError = "first DATA copy missing";
                return;
            }
            s_resends = 1;
            byte[] forged = TestHex.Decode("acac05000000007a9d12ac533195b7");
            forged[14] ^= 0x80;
            s_gateway.Send(forged, 0, forged.Length);
            s_gateway.Send(forged, 0, 7);
            if (s_gateway.Receive(buffer, 0, buffer.Length, 2000) != 53)
            {
                s_gatewayError = "no retransmission after forged UTACKs";
                return;
            }
            s_resends = 2;
            byte[] good = TestHex.Decode("acac05000000007a9d12ac533195b7");
            s_gateway.Send(good, 0, good.Length);
        }

        // The client side of the UDP transcript's session (k_c2s out, k_s2c in), attached.
        private static Session AttachTranscriptSession(UdpTransport client)
        {
            SessionKeys keys = SessionKeys.ForClient(TestHex.Decode(HandshakeTranscriptUdp.KC2s), TestHex.Decode(HandshakeTranscriptUdp.KS2c), TestHex.Decode(HandshakeTranscriptUdp.SessionId));
            Session session = new Session(keys, true, new FixedRandomSource(new byte[] { 1 }), new SystemClock());
            client.AttachSession(session);
            return session;
        }

        private static void Create(out UdpTransport client, out InMemoryDatagramLink gateway)
        {
            InMemoryDatagramLink clientLink;
            InMemoryDatagramLink.CreatePair(out clientLink, out gateway);
            client = new UdpTransport(clientLink, new SystemClock());
            client.Open();
        }

        // A fast link's figures: RTO 100 ms, attempts 100..1600 ms.
        private static void PrimeFastRto(UdpTransport client)
        {
            for (int i = 0; i < 50; i++)
            {
                client.Rto.Sample(0);
            }
        }

        private static void Send(InMemoryDatagramLink link, string hex)
        {
            byte[] bytes = TestHex.Decode(hex);
            link.Send(bytes, 0, bytes.Length);
        }

        private static void AssertNext(InMemoryDatagramLink link, string hex)
        {
            int length = link.Receive(s_buffer, 0, s_buffer.Length, 1000);
            CollectionAssert.AreEqual(TestHex.Decode(hex), TestHex.Slice(s_buffer, 0, length));
        }

        private static void AssertNothing(InMemoryDatagramLink link)
        {
            Assert.AreEqual(0, link.Receive(s_buffer, 0, s_buffer.Length, 0), "no further datagram");
        }
    }
}
