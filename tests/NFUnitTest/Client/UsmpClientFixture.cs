// The shared fixture of the UsmpClient tests (UsmpClientTranscriptTests, UsmpClientSessionTests,
// UsmpClientErrorTests): the scripted gateway's frames and datagrams, the transcript's options
// (fixed ephemeral key and random source), a client connected over the in-memory TCP transport.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using static NFUnitTest.ClientTestSupport;

namespace NFUnitTest
{
    internal static class UsmpClientFixture
    {
        public static readonly byte[] s_frame = new byte[UsmpConstants.MaxFrame];
        public static readonly byte[] s_datagram = new byte[512];


        // Connect; then send the three messages, read the three answers (the last is empty), PING,
        // swallow the PONG, close with a BYE. Asserts the plaintexts on the way.
        public static InMemoryDatagramLink s_udpGateway;

        public static void PreloadByeUtack()
        {
            Preload(s_udpGateway, "acac0804000000038a5d7e60aa45b0");
        }

        public static void RunTranscriptSession(UsmpClient usmp, string[] clientPlaintexts, string[] serverPlaintexts, Action beforeClose)
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

        public static UsmpClient ConnectedTcpClient(ManualClock clock, int keepaliveMs, out InMemoryTransport gateway)
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
        public static Session GatewaySession()
        {
            SessionKeys keys = SessionKeys.ForServer(TestHex.Decode(HandshakeTranscript.KC2s), TestHex.Decode(HandshakeTranscript.KS2c), TestHex.Decode(HandshakeTranscript.SessionId));
            return new Session(keys, false, new FixedRandomSource(new byte[] { 9 }), new ManualClock());
        }

        public static UsmpClientOptions TranscriptOptions(string pskHex, string deviceIdHex, string ephemeralHex)
        {
            UsmpClientOptions options = new UsmpClientOptions();
            options.Psk = TestHex.Decode(pskHex);
            options.DeviceId = TestHex.Decode(deviceIdHex);
            options.Random = new FixedRandomSource(new byte[] { 0x5A, 0xA5, 0x3C });
            options.EphemeralPrivateKeyForTests = TestHex.Decode(ephemeralHex);
            options.HandshakeTimeoutMs = 2000;
            return options;
        }

        public static void AssertNextFrame(InMemoryTransport gateway, string hex)
        {
            int length = gateway.ReceiveFrame(s_frame, 0, 1000);
            CollectionAssert.AreEqual(TestHex.Decode(hex), TestHex.Slice(s_frame, 0, length));
        }

        public static void AssertNextFrameHeader(InMemoryTransport gateway, byte type, uint seq, int length)
        {
            Assert.AreEqual(length, gateway.ReceiveFrame(s_frame, 0, 1000));
            Assert.AreEqual(type, s_frame[3]);
            Assert.AreEqual(seq, (uint)(s_frame[4] | (s_frame[5] << 8) | (s_frame[6] << 16) | (s_frame[7] << 24)));
        }

        public static void AssertNextDatagram(InMemoryDatagramLink gateway, string hex)
        {
            int length = gateway.Receive(s_datagram, 0, s_datagram.Length, 1000);
            CollectionAssert.AreEqual(TestHex.Decode(hex), TestHex.Slice(s_datagram, 0, length));
        }

        public static void FixCrc(byte[] frame)
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
