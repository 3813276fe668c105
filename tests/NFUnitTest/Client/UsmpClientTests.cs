// UsmpClient against scripted gateways over the in-memory transports:
//  - byte-for-byte reproduction of tests/vectors/data/handshake-transcript.json (TCP) and
//    handshake-transcript-udp.json (UDP, every client datagram incl. UTACKs), with the test
//    seams for the ephemeral key (RFC 7748 §6.1 Alice) and a fixed random source;
//  - keepalive PING after idle, typed errors (timeout, wrong PSK, peer close, forged frame,
//    gateway BYE), and every session key all-zero after each ending.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using static NFUnitTest.ClientTestSupport;

namespace NFUnitTest
{
    [TestClass]
    public class UsmpClientTests
    {
        private static readonly byte[] s_frame = new byte[UsmpConstants.MaxFrame];
        private static readonly byte[] s_datagram = new byte[512];

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

        // ---- keepalive ----

        [TestMethod]
        public void Keepalive_ping_after_idle_period_since_last_transmit()
        {
            ManualClock clock = new ManualClock();
            InMemoryTransport gateway;
            UsmpClient usmp = ConnectedTcpClient(clock, 15000, out gateway);
            Assert.IsFalse(usmp.KeepaliveTick(), "at t=0");
            clock.Now = 14999;
            Assert.IsFalse(usmp.KeepaliveTick(), "1 ms before the idle period");
            clock.Now = 15000;
            Assert.IsTrue(usmp.KeepaliveTick(), "idle period reached");
            AssertNextFrameHeader(gateway, 0x06, 0, 40);
            Assert.IsFalse(usmp.KeepaliveTick(), "the PING itself was a transmit");
            clock.Now = 20000;
            usmp.Send(new byte[] { 1, 2, 3 });
            AssertNextFrameHeader(gateway, 0x05, 1, 43);
            clock.Now = 34999;
            Assert.IsFalse(usmp.KeepaliveTick(), "a data send restarts the idle period");
            clock.Now = 35000;
            Assert.IsTrue(usmp.KeepaliveTick());
            AssertNextFrameHeader(gateway, 0x06, 2, 40);
            usmp.Close();
            Assert.IsFalse(usmp.KeepaliveTick(), "not connected");
        }

        [TestMethod]
        public void Keepalive_off_when_idle_is_zero()
        {
            ManualClock clock = new ManualClock();
            InMemoryTransport gateway;
            UsmpClient usmp = ConnectedTcpClient(clock, 0, out gateway);
            clock.Now = 1000000;
            Assert.IsFalse(usmp.KeepaliveTick());
            Assert.AreEqual(0, gateway.ReceiveFrame(s_frame, 0, 0));
        }

        // ---- typed errors, each ending the session with every key zeroed ----

        [TestMethod]
        public void Handshake_timeout_throws_UsmpTimeoutException()
        {
            InMemoryTransport client;
            InMemoryTransport gateway;
            InMemoryTransport.CreatePair(false, out client, out gateway);
            UsmpClientOptions options = TranscriptOptions(HandshakeTranscript.Psk, HandshakeTranscript.DeviceId, HandshakeTranscript.ClientPrivate);
            options.HandshakeTimeoutMs = 100;
            UsmpClient usmp = new UsmpClient(options, client);
            Assert.ThrowsException(typeof(UsmpTimeoutException), () => usmp.Connect());
            Assert.IsFalse(usmp.IsConnected);
            Assert.IsTrue(client.IsClosed, "transport closed");
        }

        [TestMethod]
        public void Wrong_psk_gateway_closes_throws_ConnectionClosedException()
        {
            // §4: the gateway answers a wrong client proof by closing the connection, nothing else.
            InMemoryTransport client;
            InMemoryTransport gateway;
            InMemoryTransport.CreatePair(false, out client, out gateway);
            Preload(gateway, HandshakeTranscript.ChallengeFrame);
            gateway.Close();
            UsmpClient usmp = new UsmpClient(TranscriptOptions("00112233445566778899aabbccddeeff", HandshakeTranscript.DeviceId, HandshakeTranscript.ClientPrivate), client);
            Assert.ThrowsException(typeof(ConnectionClosedException), () => usmp.Connect());
            Assert.IsFalse(usmp.IsConnected);
            Assert.IsTrue(client.IsClosed);
            Assert.IsNull(usmp.KeysForTests, "no session keys ever existed");
        }

        [TestMethod]
        public void Wrong_psk_server_proof_fails_throws_AuthenticationException()
        {
            InMemoryTransport client;
            InMemoryTransport gateway;
            InMemoryTransport.CreatePair(false, out client, out gateway);
            Preload(gateway, HandshakeTranscript.ChallengeFrame);
            Preload(gateway, HandshakeTranscript.SessionOkFrame);
            UsmpClient usmp = new UsmpClient(TranscriptOptions("00112233445566778899aabbccddeeff", HandshakeTranscript.DeviceId, HandshakeTranscript.ClientPrivate), client);
            Assert.ThrowsException(typeof(AuthenticationException), () => usmp.Connect());
            Assert.IsFalse(usmp.IsConnected);
            Assert.IsTrue(client.IsClosed);
        }

        [TestMethod]
        public void Peer_close_mid_session_throws_ConnectionClosedException_and_wipes_keys()
        {
            InMemoryTransport gateway;
            UsmpClient usmp = ConnectedTcpClient(new ManualClock(), 0, out gateway);
            Assert.IsTrue(IsNonZero(usmp.SessionForTests.Schedule.Current.TxKey), "keys live while connected");
            gateway.Close();
            Assert.ThrowsException(typeof(ConnectionClosedException), () => usmp.Receive(s_frame, 0, 100));
            AssertWiped(usmp);
            Assert.ThrowsException(typeof(NotConnectedException), () => usmp.Send(new byte[1]));
        }

        [TestMethod]
        public void Forged_session_frame_throws_CryptoException_and_wipes_keys()
        {
            InMemoryTransport gateway;
            UsmpClient usmp = ConnectedTcpClient(new ManualClock(), 0, out gateway);
            byte[] forged = TestHex.Decode(HandshakeTranscript.ServerSessionFrames[0]);
            forged[forged.Length - 1] ^= 0x01;   // tag
            FixCrc(forged);
            gateway.SendFrame(forged, 0, forged.Length);
            Assert.ThrowsException(typeof(CryptoException), () => usmp.Receive(s_frame, 0, 100));
            AssertWiped(usmp);
        }

        [TestMethod]
        public void Gateway_bye_throws_ConnectionClosedException_and_wipes_keys()
        {
            InMemoryTransport gateway;
            UsmpClient usmp = ConnectedTcpClient(new ManualClock(), 0, out gateway);
            byte[] bye = new byte[UsmpConstants.MaxFrame];
            int length = Usmp.Native.UsmpCrypto.SealFrame(bye, 0, 0x08, 0, TestHex.Decode(HandshakeTranscript.KS2c), TestHex.Decode(HandshakeTranscript.SessionId), null, 0, 0);
            gateway.SendFrame(bye, 0, length);
            Assert.ThrowsException(typeof(ConnectionClosedException), () => usmp.Receive(s_frame, 0, 100));
            AssertWiped(usmp);
        }

        [TestMethod]
        public void Receive_timeout_returns_zero_and_keeps_the_session()
        {
            InMemoryTransport gateway;
            UsmpClient usmp = ConnectedTcpClient(new ManualClock(), 0, out gateway);
            Assert.AreEqual(0, usmp.Receive(s_frame, 0, 20));
            Assert.IsTrue(usmp.IsConnected);
        }

        [TestMethod]
        public void Oversized_send_throws_PayloadException_and_keeps_the_session()
        {
            InMemoryTransport gateway;
            UsmpClient usmp = ConnectedTcpClient(new ManualClock(), 0, out gateway);
            Assert.ThrowsException(typeof(PayloadException), () => usmp.Send(new byte[1809]));
            Assert.IsTrue(usmp.IsConnected);
        }

        [TestMethod]
        public void Send_with_a_bad_range_throws_ArgumentException_and_keeps_the_session()
        {
            // The range is checked once, by Session.Send; the client lets that error through
            // without ending the session, as before.
            InMemoryTransport gateway;
            UsmpClient usmp = ConnectedTcpClient(new ManualClock(), 0, out gateway);
            Assert.ThrowsException(typeof(ArgumentException), () => usmp.Send(new byte[10], 8, 3));
            Assert.ThrowsException(typeof(ArgumentNullException), () => usmp.Send(null, 0, 1));
            Assert.IsTrue(usmp.IsConnected);
            usmp.Send(new byte[10], 8, 2);
            Assert.IsTrue(usmp.IsConnected);
        }

        [TestMethod]
        public void Before_connect_every_call_throws_NotConnectedException()
        {
            InMemoryTransport client;
            InMemoryTransport gateway;
            InMemoryTransport.CreatePair(false, out client, out gateway);
            UsmpClient usmp = new UsmpClient(TranscriptOptions(HandshakeTranscript.Psk, HandshakeTranscript.DeviceId, HandshakeTranscript.ClientPrivate), client);
            Assert.IsFalse(usmp.IsConnected);
            Assert.ThrowsException(typeof(NotConnectedException), () => usmp.Send(new byte[1]));
            Assert.ThrowsException(typeof(NotConnectedException), () => usmp.Receive(s_frame, 0, 0));
            Assert.ThrowsException(typeof(NotConnectedException), () => usmp.Ping());
            Assert.ThrowsException(typeof(NotConnectedException), () => usmp.Rekey());
            usmp.Close();   // harmless
        }

        [TestMethod]
        public void Options_are_validated()
        {
            InMemoryTransport client;
            InMemoryTransport gateway;
            InMemoryTransport.CreatePair(false, out client, out gateway);
            UsmpClientOptions options = TranscriptOptions(HandshakeTranscript.Psk, HandshakeTranscript.DeviceId, HandshakeTranscript.ClientPrivate);
            options.Psk = new byte[15];
            Assert.ThrowsException(typeof(ArgumentException), () => new UsmpClient(options, client));
            options.Psk = new byte[16];
            options.DeviceId = new byte[5];
            Assert.ThrowsException(typeof(ArgumentException), () => new UsmpClient(options, client));
            options.DeviceId = new byte[6];
            options.Random = null;
            Assert.ThrowsException(typeof(ArgumentException), () => new UsmpClient(options, client));
        }

        // ---- rekey, retry ----

        [TestMethod]
        public void Rekey_then_traffic_flows_under_the_new_keys_both_ways()
        {
            InMemoryTransport gatewayEnd;
            UsmpClient usmp = ConnectedTcpClient(new ManualClock(), 0, out gatewayEnd);
            Session gateway = new Session(SessionKeys.ForServer(TestHex.Decode(HandshakeTranscript.KC2s), TestHex.Decode(HandshakeTranscript.KS2c), TestHex.Decode(HandshakeTranscript.SessionId)), false, new FixedRandomSource(new byte[] { 9 }), new ManualClock());
            usmp.Rekey();
            int length = gatewayEnd.ReceiveFrame(s_frame, 0, 1000);
            Assert.AreEqual((byte)0x0B, s_frame[3]);
            Assert.AreEqual((int)SessionEvent.None, (int)gateway.Accept(s_frame, 0, length, gatewayEnd));
            CollectionAssert.AreNotEqual(TestHex.Decode(HandshakeTranscript.KC2s), usmp.SessionForTests.Schedule.Current.TxKey, "tx key replaced");
            Assert.AreEqual(1u, usmp.SessionForTests.TxEpoch, "a new key epoch");
            usmp.Send(new byte[] { 0x42 });
            length = gatewayEnd.ReceiveFrame(s_frame, 0, 1000);
            Assert.AreEqual(0u, (uint)s_frame[4], "seq restarts at 0 after REKEY (§7)");
            Assert.AreEqual((int)SessionEvent.Message, (int)gateway.Accept(s_frame, 0, length, gatewayEnd));
            gateway.Send(new byte[] { 0x43, 0x44 }, 0, 2, gatewayEnd);
            byte[] received = new byte[16];
            Assert.AreEqual(2, usmp.Receive(received, 0, 1000));
            Assert.AreEqual((byte)0x44, received[1]);
            usmp.Close();
            AssertWiped(usmp);
        }

        // ---- session id, waiting for the PONG ----

        [TestMethod]
        public void SessionId_is_the_SESSION_OK_id_in_hex_while_connected_and_null_otherwise()
        {
            InMemoryTransport gatewayEnd;
            UsmpClient usmp = ConnectedTcpClient(new ManualClock(), 0, out gatewayEnd);
            Assert.AreEqual(HandshakeTranscript.SessionId, usmp.SessionId, "USMP §3 SESSION_OK session_id, lowercase hex");
            byte[] copy = new byte[20];
            copy[0] = 0x54;
            copy[19] = 0x54;
            usmp.CopySessionId(copy, 2);
            CollectionAssert.AreEqual(TestHex.Decode(HandshakeTranscript.SessionId), TestHex.Slice(copy, 2, 16));
            Assert.AreEqual((byte)0x54, copy[0], "canary before");
            Assert.AreEqual((byte)0, copy[1], "byte before the id untouched");
            Assert.AreEqual((byte)0, copy[18], "byte after the id untouched");
            Assert.AreEqual((byte)0x54, copy[19], "canary after");
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => usmp.CopySessionId(copy, 5));
            Assert.ThrowsException(typeof(ArgumentNullException), () => usmp.CopySessionId(null, 0));
            usmp.Close();
            Assert.IsNull(usmp.SessionId);
            Assert.ThrowsException(typeof(NotConnectedException), () => usmp.CopySessionId(copy, 0));
        }

        [TestMethod]
        public void SessionId_is_null_before_connect()
        {
            InMemoryTransport client;
            InMemoryTransport gateway;
            InMemoryTransport.CreatePair(false, out client, out gateway);
            UsmpClient usmp = new UsmpClient(TranscriptOptions(HandshakeTranscript.Psk, HandshakeTranscript.DeviceId, HandshakeTranscript.ClientPrivate), client);
            Assert.IsNull(usmp.SessionId);
        }

        [TestMethod]
        public void TryReceive_with_pong_flag_returns_at_the_PONG_and_keeps_messages_around_it()
        {
            InMemoryTransport gatewayEnd;
            UsmpClient usmp = ConnectedTcpClient(new ManualClock(), 0, out gatewayEnd);
            Session gateway = GatewaySession();
            gateway.Send(new byte[] { 0xA1 }, 0, 1, gatewayEnd);           // DATA before the PONG
            usmp.Ping();
            int length = gatewayEnd.ReceiveFrame(s_frame, 0, 1000);
            Assert.AreEqual((byte)0x06, s_frame[3], "USMP §7 PING");
            Assert.AreEqual((int)SessionEvent.None, (int)gateway.Accept(s_frame, 0, length, gatewayEnd));   // answers PONG
            gateway.Send(new byte[] { 0xB2, 0xB3 }, 0, 2, gatewayEnd);     // DATA after the PONG

            byte[] received = new byte[16];
            bool pong;
            Assert.IsTrue(usmp.TryReceive(received, 0, 1000, out length, out pong), "first message");
            Assert.IsFalse(pong);
            Assert.AreEqual(1, length);
            Assert.AreEqual((byte)0xA1, received[0]);
            Assert.AreEqual(0, usmp.PongsReceived);

            Assert.IsFalse(usmp.TryReceive(received, 0, 60000, out length, out pong), "the PONG is not a message");
            Assert.IsTrue(pong, "returned at the PONG (the 60 s timeout was not waited out)");
            Assert.AreEqual(0, length);
            Assert.AreEqual(1, usmp.PongsReceived);

            Assert.IsTrue(usmp.TryReceive(received, 0, 1000, out length, out pong), "message after the PONG");
            Assert.IsFalse(pong);
            Assert.AreEqual(2, length);
            Assert.AreEqual((byte)0xB3, received[1]);
            usmp.Close();
            AssertWiped(usmp);
        }

        [TestMethod]
        public void TryReceive_with_pong_flag_times_out_without_pong_or_message()
        {
            InMemoryTransport gatewayEnd;
            UsmpClient usmp = ConnectedTcpClient(new ManualClock(), 0, out gatewayEnd);
            usmp.Ping();   // the gateway never answers
            int length;
            bool pong;
            Assert.IsFalse(usmp.TryReceive(new byte[16], 0, 50, out length, out pong));
            Assert.IsFalse(pong);
            Assert.AreEqual(0, length);
            Assert.IsTrue(usmp.IsConnected, "a timeout keeps the session");
            usmp.Close();
        }

        [TestMethod]
        public void TryReceive_without_pong_flag_still_swallows_the_PONG()
        {
            InMemoryTransport gatewayEnd;
            UsmpClient usmp = ConnectedTcpClient(new ManualClock(), 0, out gatewayEnd);
            Session gateway = GatewaySession();
            usmp.Ping();
            int length = gatewayEnd.ReceiveFrame(s_frame, 0, 1000);
            gateway.Accept(s_frame, 0, length, gatewayEnd);
            gateway.Send(new byte[] { 0x77 }, 0, 1, gatewayEnd);
            byte[] received = new byte[16];
            Assert.IsTrue(usmp.TryReceive(received, 0, 1000, out length), "the message behind the PONG");
            Assert.AreEqual((byte)0x77, received[0]);
            Assert.AreEqual(1, usmp.PongsReceived);
            usmp.Close();
        }

        [TestMethod]
        public void ConnectWithRetry_retries_with_backoff_until_the_gateway_answers()
        {
            ReopeningTransport transport = new ReopeningTransport(2);
            UsmpClientOptions options = TranscriptOptions(HandshakeTranscript.Psk, HandshakeTranscript.DeviceId, HandshakeTranscript.ClientPrivate);
            options.ReconnectBaseDelayMs = 2;
            options.ReconnectMaxDelayMs = 8;
            options.ReconnectMaxAttempts = 3;
            UsmpClient usmp = new UsmpClient(options, transport);
            usmp.ConnectWithRetry();
            Assert.IsTrue(usmp.IsConnected);
            Assert.AreEqual(3, transport.OpenCalls);
            Assert.AreEqual(0, usmp.Backoff.Attempts, "backoff reset after success");
            usmp.Close();
        }

        [TestMethod]
        public void ConnectWithRetry_gives_up_after_max_attempts_with_the_last_error()
        {
            ReopeningTransport transport = new ReopeningTransport(5);
            UsmpClientOptions options = TranscriptOptions(HandshakeTranscript.Psk, HandshakeTranscript.DeviceId, HandshakeTranscript.ClientPrivate);
            options.ReconnectBaseDelayMs = 1;
            options.ReconnectMaxDelayMs = 4;
            options.ReconnectMaxAttempts = 3;
            UsmpClient usmp = new UsmpClient(options, transport);
            Assert.ThrowsException(typeof(TransportException), () => usmp.ConnectWithRetry());
            Assert.AreEqual(3, transport.OpenCalls);
            Assert.AreEqual(2, usmp.Backoff.Attempts, "two waits between three attempts");
            Assert.IsFalse(usmp.IsConnected);
        }

        // ---- helpers ----

        // Connect; then send the three messages, read the three answers (the last is empty), PING,
        // swallow the PONG, close with a BYE. Asserts the plaintexts on the way.
        private static InMemoryDatagramLink s_udpGateway;

        private static void PreloadByeUtack()
        {
            Preload(s_udpGateway, "acac0804000000038a5d7e60aa45b0");
        }

        private static void RunTranscriptSession(UsmpClient usmp, string[] clientPlaintexts, string[] serverPlaintexts, Action beforeClose)
        {
            usmp.Connect();
            Assert.IsTrue(usmp.IsConnected);
            byte[] received = new byte[UsmpConstants.MaxMessageSize];
            for (int i = 0; i < 3; i++)
            {
                usmp.Send(TestHex.Decode(clientPlaintexts[i]));
                int length;
                Assert.IsTrue(usmp.TryReceive(received, 0, 2000, out length), "answer " + i.ToString());
                CollectionAssert.AreEqual(TestHex.Decode(serverPlaintexts[i]), TestHex.Slice(received, 0, length));
            }
            usmp.Ping();
            Assert.AreEqual(0, usmp.Receive(received, 0, 100), "PONG is swallowed");
            Assert.AreEqual(1, usmp.PongsReceived);
            if (beforeClose != null)
            {
                beforeClose();
            }
            usmp.Close();
            Assert.IsFalse(usmp.IsConnected);
        }

        private static UsmpClient ConnectedTcpClient(ManualClock clock, int keepaliveMs, out InMemoryTransport gateway)
        {
            InMemoryTransport client;
            InMemoryTransport.CreatePair(false, out client, out gateway);
            Preload(gateway, HandshakeTranscript.ChallengeFrame);
            Preload(gateway, HandshakeTranscript.SessionOkFrame);
            UsmpClientOptions options = TranscriptOptions(HandshakeTranscript.Psk, HandshakeTranscript.DeviceId, HandshakeTranscript.ClientPrivate);
            options.Clock = clock;
            options.KeepaliveIdleMs = keepaliveMs;
            UsmpClient usmp = new UsmpClient(options, client);
            usmp.Connect();
            AssertNextFrame(gateway, HandshakeTranscript.HelloFrame);
            AssertNextFrame(gateway, HandshakeTranscript.HelloAckFrame);
            return usmp;
        }

        // The gateway's side of the transcript session (server keys), for scripted traffic.
        private static Session GatewaySession()
        {
            SessionKeys keys = SessionKeys.ForServer(TestHex.Decode(HandshakeTranscript.KC2s), TestHex.Decode(HandshakeTranscript.KS2c), TestHex.Decode(HandshakeTranscript.SessionId));
            return new Session(keys, false, new FixedRandomSource(new byte[] { 9 }), new ManualClock());
        }

        private static UsmpClientOptions TranscriptOptions(string pskHex, string deviceIdHex, string ephemeralHex)
        {
            UsmpClientOptions options = new UsmpClientOptions();
            options.Psk = TestHex.Decode(pskHex);
            options.DeviceId = TestHex.Decode(deviceIdHex);
            options.Random = new FixedRandomSource(new byte[] { 0x5A, 0xA5, 0x3C });
            options.EphemeralPrivateKeyForTests = TestHex.Decode(ephemeralHex);
            options.HandshakeTimeoutMs = 2000;
            return options;
        }

        private static void AssertNextFrame(InMemoryTransport gateway, string hex)
        {
            int length = gateway.ReceiveFrame(s_frame, 0, 1000);
            CollectionAssert.AreEqual(TestHex.Decode(hex), TestHex.Slice(s_frame, 0, length));
        }

        private static void AssertNextFrameHeader(InMemoryTransport gateway, byte type, uint seq, int length)
        {
            Assert.AreEqual(length, gateway.ReceiveFrame(s_frame, 0, 1000));
            Assert.AreEqual(type, s_frame[3]);
            Assert.AreEqual(seq, (uint)(s_frame[4] | (s_frame[5] << 8) | (s_frame[6] << 16) | (s_frame[7] << 24)));
        }

        private static void AssertNextDatagram(InMemoryDatagramLink gateway, string hex)
        {
            int length = gateway.Receive(s_datagram, 0, s_datagram.Length, 1000);
            CollectionAssert.AreEqual(TestHex.Decode(hex), TestHex.Slice(s_datagram, 0, length));
        }

        private static void FixCrc(byte[] frame)
        {
            // CRC over header bytes 0-9 then the payload (§1).
            byte[] covered = new byte[frame.Length - 2];
            Array.Copy(frame, 0, covered, 0, 10);
            Array.Copy(frame, 12, covered, 10, frame.Length - 12);
            ushort crc = Usmp.Native.UsmpCrypto.Crc16(covered, 0, covered.Length);
            frame[10] = (byte)crc;
            frame[11] = (byte)(crc >> 8);
        }
    }
}
