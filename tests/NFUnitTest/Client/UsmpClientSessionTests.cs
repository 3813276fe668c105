// UsmpClient in an established session: keepalive PING after idle, REKEY with traffic both ways,
// the session id, waiting for the PONG with TryReceive, and ConnectWithRetry (the library's
// ReconnectPolicy). Fixture: UsmpClientFixture.cs.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using static NFUnitTest.ClientTestSupport;
using static NFUnitTest.UsmpClientFixture;

namespace NFUnitTest
{
    [TestClass]
    public class UsmpClientSessionTests
    {
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
            Assert.AreEqual(3, usmp.ConnectWithRetry(), "attempts made");
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
    }
}
