// UsmpClient's typed errors (timeout, wrong PSK, peer close, forged frame, gateway BYE, oversized
// send, use before connect, invalid options): each one that ends the session leaves every session
// key all-zero. Fixture: UsmpClientFixture.cs.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using static NFUnitTest.ClientTestSupport;
using static NFUnitTest.UsmpClientFixture;

namespace NFUnitTest
{
    [TestClass]
    public class UsmpClientErrorTests
    {
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
            // without ending the session.
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
    }
}
