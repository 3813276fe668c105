// Device-side faults: what the client does when the gateway or the network misbehaves.
//  - unreachable gateway (TCP refused, no route, UDP port unreachable): a typed
//    TransportException / UsmpTimeoutException, bounded by the connect/handshake timeouts, and
//    ConnectWithRetry backs off between attempts;
//  - connection closed or reset mid-frame: typed error, keys wiped, then a reconnect succeeds;
//  - half-open TCP (the peer neither reads nor writes): Receive is ended by the RX watchdog,
//    Send by the socket send timeout, both typed, keys wiped;
//  - silence past RxWatchdogMs (hand-driven clock): Receive and KeepaliveTick throw
//    UsmpTimeoutException, keys wiped; PONGs keep the watchdog fed; the client reconnects with backoff.
// Real loopback sockets where the behaviour depends on the socket; hang guards only, no timing
// assertions. nanoFramework-compatible C#.
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using static NFUnitTest.ClientTestSupport;

namespace NFUnitTest
{
    [TestClass]
    public class FaultTests
    {
        // ---- gateway unreachable ----

        [TestMethod]
        public void Unreachable_tcp_gateway_refused_is_typed_and_retried_with_backoff()
        {
            UsmpClientOptions options = TranscriptOptions();
            options.ConnectTimeoutMs = 5000;        // hang guard
            options.ReconnectMaxAttempts = 3;
            UsmpClient usmp = UsmpClient.CreateTcp("127.0.0.1", ClosedPort(SocketType.Stream, ProtocolType.Tcp), options);
            UsmpException error = ConnectWithRetryError(usmp);
            Assert.IsTrue(error is TransportException || error is UsmpTimeoutException, error.GetType().Name);
            Assert.AreEqual(2, usmp.Backoff.Attempts, "two backoff waits between three attempts");
            Assert.IsFalse(usmp.IsConnected);
        }

        [TestMethod]
        public void Unreachable_tcp_gateway_no_route_is_typed_within_the_connect_timeout()
        {
            UsmpClientOptions options = TranscriptOptions();
            options.ConnectTimeoutMs = 500;
            options.ReconnectMaxAttempts = 1;
            // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed.
            UsmpClient usmp = UsmpClient.CreateTcp("192.0.2.1", 9000, options);
            UsmpException error = ConnectWithRetryError(usmp);
            Assert.IsTrue(error is TransportException || error is UsmpTimeoutException, error.GetType().Name);
            Assert.IsFalse(usmp.IsConnected);
        }

        [TestMethod]
        public void Unreachable_udp_gateway_port_unreachable_is_typed()
        {
            UsmpClientOptions options = TranscriptOptions();
            options.ReconnectMaxAttempts = 1;
            UsmpClient usmp = UsmpClient.CreateUdp("127.0.0.1", ClosedPort(SocketType.Dgram, ProtocolType.Udp), options);
            UsmpException error = ConnectWithRetryError(usmp);
            // ICMP port unreachable -> TransportException at once; without ICMP the 5 ARQ attempts
            // end in TransportException too (bounded: at most 12.5 s).
            Assert.IsTrue(error is TransportException || error is UsmpTimeoutException, error.GetType().Name);
            Assert.IsFalse(usmp.IsConnected);
        }

        // ---- the connection dies under an established session ----

        [TestMethod]
        public void Connection_closed_mid_frame_is_typed_wipes_keys_and_reconnect_succeeds()
        {
            AssertMidFrameFaultThenReconnect(FaultScenario.CloseMidFrame);
        }

        [TestMethod]
        public void Connection_reset_mid_frame_is_typed_wipes_keys_and_reconnect_succeeds()
        {
            AssertMidFrameFaultThenReconnect(FaultScenario.ResetMidFrame);
        }

        [TestMethod]
        public void Half_open_tcp_receive_is_ended_by_the_rx_watchdog()
        {
            LoopbackGateway gateway = new LoopbackGateway(FaultScenario.HalfOpen, 1);
            UsmpClientOptions options = TranscriptOptions();
            options.RxWatchdogMs = 600;
            UsmpClient usmp = UsmpClient.CreateTcp("127.0.0.1", gateway.Port, options);
            usmp.Connect();
            byte[] buffer = new byte[UsmpConstants.MaxMessageSize];
            Assert.AreEqual(0, usmp.Receive(buffer, 0, 50), "a short receive just times out");
            Assert.IsTrue(usmp.IsConnected);
            try
            {
                usmp.Receive(buffer, 0, 30000);    // the watchdog ends it long before 30 s
                throw new Exception("expected UsmpTimeoutException");
            }
            catch (UsmpTimeoutException e)
            {
                OutputHelper.WriteLine("fault produced " + e.GetType().Name + ": " + e.Message);
                Assert.IsTrue(e.Message.IndexOf("gateway silent") >= 0, e.Message);
            }
            AssertWiped(usmp);
            gateway.Stop();
        }

        [TestMethod]
        public void Half_open_tcp_send_times_out_typed_and_wipes_keys()
        {
            LoopbackGateway gateway = new LoopbackGateway(FaultScenario.HalfOpen, 1);
            UsmpClientOptions options = TranscriptOptions();
            options.SendTimeoutMs = 300;
            UsmpClient usmp = UsmpClient.CreateTcp("127.0.0.1", gateway.Port, options);
            usmp.Connect();
            byte[] message = new byte[UsmpConstants.MaxMessageSize];
            UsmpException error = null;
            // The peer never reads: the socket buffers fill up, then a send blocks and times out.
            for (int i = 0; i < 40000 && error == null; i++)
            {
                try
                {
                    usmp.Send(message);
                }
                catch (UsmpException e)
                {
                    error = e;
                    OutputHelper.WriteLine("fault produced " + e.GetType().Name + " after " + i.ToString() + " messages: " + e.Message);
                }
            }
            Assert.IsNotNull(error, "a send to a peer that never reads must fail");
            Assert.IsTrue(error is UsmpTimeoutException || error is TransportException, error.GetType().Name);
            AssertWiped(usmp);
            gateway.Stop();
        }

        // ---- silence past the watchdog (hand-driven clock) ----

        [TestMethod]
        public void Silence_past_the_watchdog_receive_throws_typed_and_wipes_keys()
        {
            ManualClock clock = new ManualClock();
            InMemoryTransport gateway;
            UsmpClient usmp = ConnectedInMemory(clock, 0, 45000, out gateway);
            byte[] buffer = new byte[64];
            clock.Now = 44999;
            Assert.AreEqual(0, usmp.Receive(buffer, 0, 0), "1 ms before the watchdog");
            Assert.IsTrue(usmp.IsConnected);
            clock.Now = 45000;
            Assert.ThrowsException(typeof(UsmpTimeoutException), () => usmp.Receive(buffer, 0, 0));
            AssertWiped(usmp);
            Assert.ThrowsException(typeof(NotConnectedException), () => usmp.Receive(buffer, 0, 0));
        }

        [TestMethod]
        public void Silence_past_the_watchdog_keepalive_tick_throws_typed_and_wipes_keys()
        {
            ManualClock clock = new ManualClock();
            InMemoryTransport gateway;
            UsmpClient usmp = ConnectedInMemory(clock, 15000, 45000, out gateway);
            clock.Now = 15000;
            Assert.IsTrue(usmp.KeepaliveTick(), "PING 1");
            clock.Now = 30000;
            Assert.IsTrue(usmp.KeepaliveTick(), "PING 2");
            clock.Now = 45000;                     // two PINGs, no PONG: the gateway is gone
            Assert.ThrowsException(typeof(UsmpTimeoutException), () => usmp.KeepaliveTick());
            AssertWiped(usmp);
            Assert.IsFalse(usmp.KeepaliveTick(), "not connected any more");
        }

        [TestMethod]
        public void Pongs_keep_the_watchdog_fed()
        {
            ManualClock clock = new ManualClock();
            InMemoryTransport gateway;
            UsmpClient usmp = ConnectedInMemory(clock, 15000, 45000, out gateway);
            byte[] buffer = new byte[64];
            clock.Now = 40000;
            SendPong(gateway, 0);
            Assert.AreEqual(0, usmp.Receive(buffer, 0, 0), "the PONG is swallowed");
            Assert.AreEqual(1, usmp.PongsReceived);
            clock.Now = 84999;                     // 44999 ms after the PONG
            Assert.AreEqual(0, usmp.Receive(buffer, 0, 0));
            Assert.IsTrue(usmp.IsConnected);
            clock.Now = 85000;
            Assert.ThrowsException(typeof(UsmpTimeoutException), () => usmp.Receive(buffer, 0, 0));
            AssertWiped(usmp);
        }

        [TestMethod]
        public void After_the_watchdog_fires_the_client_reconnects_with_backoff()
        {
            ManualClock clock = new ManualClock();
            ReopeningTransport transport = new ReopeningTransport();
            UsmpClientOptions options = TranscriptOptions();
            options.Clock = clock;
            options.RxWatchdogMs = 45000;
            options.ReconnectMaxAttempts = 5;
            UsmpClient usmp = new UsmpClient(options, transport);
            usmp.Connect();
            Session first = usmp.SessionForTests;
            Assert.IsTrue(IsNonZero(first.Schedule.Current.RxKey));
            clock.Now = 50000;
            Assert.ThrowsException(typeof(UsmpTimeoutException), () => usmp.Receive(new byte[8], 0, 0));
            Assert.IsFalse(usmp.IsConnected);
            CollectionAssert.AreEqual(new byte[32], first.Schedule.Current.RxKey, "old rx key wiped");
            transport.FailNextOpens = 2;           // the gateway is still restarting
            usmp.ConnectWithRetry();
            Assert.IsTrue(usmp.IsConnected);
            Assert.AreEqual(4, transport.OpenCalls, "1 + 2 refused + 1 accepted");
            Assert.AreEqual(0, usmp.Backoff.Attempts, "backoff reset after the reconnect");
            Assert.IsTrue(IsNonZero(usmp.SessionForTests.Schedule.Current.RxKey), "fresh session keys");
            Assert.AreEqual(0, usmp.Receive(new byte[8], 0, 0), "the new session's watchdog starts now");
            usmp.Close();
        }

        // ---- helpers ----

        private static void AssertMidFrameFaultThenReconnect(int scenario)
        {
            LoopbackGateway gateway = new LoopbackGateway(scenario, 2);
            UsmpClientOptions options = TranscriptOptions();
            options.ReconnectMaxAttempts = 3;
            UsmpClient usmp = UsmpClient.CreateTcp("127.0.0.1", gateway.Port, options);
            usmp.Connect();
            Session first = usmp.SessionForTests;
            Assert.IsTrue(IsNonZero(first.Schedule.Current.RxKey));
            try
            {
                usmp.Receive(new byte[UsmpConstants.MaxMessageSize], 0, 10000);   // hang guard
                throw new Exception("expected a typed error");
            }
            catch (UsmpException e)
            {
                OutputHelper.WriteLine("fault produced " + e.GetType().Name + ": " + e.Message);
                Assert.IsTrue(e is ConnectionClosedException || e is TransportException, e.GetType().Name);
            }
            AssertWiped(usmp);
            usmp.ConnectWithRetry();               // the gateway's second connection is healthy
            Assert.IsTrue(usmp.IsConnected);
            usmp.Close();
            AssertWiped(usmp);
            gateway.Stop();
        }

        private static UsmpException ConnectWithRetryError(UsmpClient usmp)
        {
            try
            {
                usmp.ConnectWithRetry();
            }
            catch (UsmpException e)
            {
                OutputHelper.WriteLine("fault produced " + e.GetType().Name + ": " + e.Message);
                return e;
            }
            throw new Exception("expected a typed UsmpException");
        }

        private static int ClosedPort(SocketType type, ProtocolType protocol)
        {
            Socket probe = new Socket(AddressFamily.InterNetwork, type, protocol);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)probe.LocalEndPoint).Port;
            probe.Close();
            return port;
        }

        private static UsmpClientOptions TranscriptOptions()
        {
            UsmpClientOptions options = new UsmpClientOptions();
            options.Psk = TestHex.Decode(HandshakeTranscript.Psk);
            options.DeviceId = TestHex.Decode(HandshakeTranscript.DeviceId);
            options.Random = new FixedRandomSource(new byte[] { 0x5A, 0xA5, 0x3C });
            options.EphemeralPrivateKeyForTests = TestHex.Decode(HandshakeTranscript.ClientPrivate);
            options.HandshakeTimeoutMs = 3000;
            options.ConnectTimeoutMs = 3000;
            options.ReconnectBaseDelayMs = 1;
            options.ReconnectMaxDelayMs = 4;
            return options;
        }

        private static UsmpClient ConnectedInMemory(ManualClock clock, int keepaliveMs, int watchdogMs, out InMemoryTransport gateway)
        {
            InMemoryTransport client;
            InMemoryTransport.CreatePair(false, out client, out gateway);
            Preload(gateway, HandshakeTranscript.ChallengeFrame);
            Preload(gateway, HandshakeTranscript.SessionOkFrame);
            UsmpClientOptions options = TranscriptOptions();
            options.Clock = clock;
            options.KeepaliveIdleMs = keepaliveMs;
            options.RxWatchdogMs = watchdogMs;
            UsmpClient usmp = new UsmpClient(options, client);
            usmp.Connect();
            return usmp;
        }

        // A PONG from the gateway: empty plaintext sealed under k_s2c at `seq` (§5).
        private static void SendPong(InMemoryTransport gateway, uint seq)
        {
            byte[] frame = new byte[UsmpConstants.EmptySealedFrameSize];
            int length = Usmp.Native.UsmpCrypto.SealFrame(frame, 0, (byte)PacketType.Pong, seq, TestHex.Decode(HandshakeTranscript.KS2c), TestHex.Decode(HandshakeTranscript.SessionId), null, 0, 0);
            gateway.SendFrame(frame, 0, length);
        }
    }
}
