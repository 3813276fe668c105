// ClientHandshake (firmware/Usmp/Protocol/ClientHandshake.cs) against
// tests/vectors/data/handshake-transcript.json (TCP) and handshake-transcript-udp.json (cookie round
// trip): with the transcript's ephemeral key (RFC 7748 §6.1 Alice) the client writes exactly the
// reference HELLO / HELLO_ACK bytes and derives the reference keys. Plus: every out-of-order step,
// a forged server proof, wrong lengths, and the wipe of every secret buffer.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class ClientHandshakeTests
    {
        private static ClientHandshake NewTranscriptClient()
        {
            // The random source serves Alice's private key as the ephemeral scalar (the seam).
            byte[][] blocks = new byte[][] { Bytes.FromHex(HandshakeTranscript.ClientPrivate) };
            return new ClientHandshake(Bytes.FromHex(HandshakeTranscript.DeviceId), Bytes.FromHex(HandshakeTranscript.Psk), new ScriptedRandom(blocks));
        }

        // Runs the first stepsDone TCP steps of the transcript: 1 HELLO, 2 CHALLENGE, 3 HELLO_ACK, 4 SESSION_OK.
        private static void AdvanceTo(ClientHandshake client, int stepsDone, byte[] output)
        {
            if (stepsDone >= 1)
            {
                client.CreateHello(output, 0);
            }
            if (stepsDone >= 2)
            {
                Consume(client, HandshakeTranscript.ChallengeFrame, 0);
            }
            if (stepsDone >= 3)
            {
                client.CreateHelloAck(output, 0);
            }
            if (stepsDone >= 4)
            {
                Consume(client, HandshakeTranscript.SessionOkFrame, 1);
            }
        }

        private static void Consume(ClientHandshake client, string frameHex, int step)
        {
            byte[] frame = Bytes.FromHex(frameHex);
            if (step == 0)
            {
                client.ConsumeChallenge(frame, 0, frame.Length);
            }
            else if (step == 1)
            {
                client.ConsumeSessionOk(frame, 0, frame.Length);
            }
            else
            {
                client.ConsumeHelloRetry(frame, 0, frame.Length);
            }
        }

        private static void AssertSecretsWiped(ClientHandshake client)
        {
            Assert.IsTrue(Bytes.AllZero(client.PrivateKeyBuffer), "ephemeral private key");
            Assert.IsTrue(Bytes.AllZero(client.KeyBlockBuffer), "k_c2s || k_s2c");
            Assert.IsTrue(Bytes.AllZero(client.PskBuffer), "psk copy");
            Assert.IsTrue(Bytes.AllZero(client.HmacClientBuffer), "hmac_client");
            Assert.IsTrue(Bytes.AllZero(client.NonceBuffer), "nonce");
            Assert.IsTrue(Bytes.AllZero(client.SessionIdBuffer), "session id");
        }

        [TestMethod]
        public void Tcp_TranscriptBytesAndKeys()
        {
            ClientHandshake client = NewTranscriptClient();
            byte[] output = new byte[UsmpConstants.MaxFrame];

            int n = client.CreateHello(output, 0);
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscript.HelloFrame), Bytes.Slice(output, 0, n), "transcript frame 0 HELLO");
            Assert.AreEqual((int)ClientHandshakeState.HelloSent, (int)client.State);

            Consume(client, HandshakeTranscript.ChallengeFrame, 0);
            Assert.AreEqual((int)ClientHandshakeState.ChallengeReceived, (int)client.State);
            Assert.IsTrue(Bytes.AllZero(client.PrivateKeyBuffer), "private key wiped once CHALLENGE is consumed");

            n = client.CreateHelloAck(output, 0);
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscript.HelloAckFrame), Bytes.Slice(output, 0, n), "transcript frame 2 HELLO_ACK (seq 2)");
            Assert.AreEqual((int)ClientHandshakeState.HelloAckSent, (int)client.State);

            Consume(client, HandshakeTranscript.SessionOkFrame, 1);
            Assert.AreEqual((int)ClientHandshakeState.Established, (int)client.State);

            SessionKeys keys = client.TakeSessionKeys();
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscript.KC2s), keys.TxKey, "client tx = k_c2s");
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscript.KS2c), keys.RxKey, "client rx = k_s2c");
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscript.SessionId), keys.SessionId);
            AssertSecretsWiped(client);
        }

        [TestMethod]
        public void Tcp_InjectedPrivateKeySeam_SameHello()
        {
            ClientHandshake client = new ClientHandshake(Bytes.FromHex(HandshakeTranscript.DeviceId), Bytes.FromHex(HandshakeTranscript.Psk), new ScriptedRandom(new byte[0][]));
            client.InjectEphemeralPrivateKey(Bytes.FromHex(HandshakeTranscript.ClientPrivate));
            byte[] output = new byte[UsmpConstants.MaxFrame];
            int n = client.CreateHello(output, 3);
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscript.HelloFrame), Bytes.Slice(output, 3, n));
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscript.ClientPublic), Bytes.Slice(output, 3 + 12 + 6, 32), "pub_C = RFC 7748 §6.1 Alice's public key");
        }

        [TestMethod]
        public void Udp_CookieRoundTripTranscriptBytes()
        {
            ClientHandshake client = NewTranscriptClient();
            byte[] output = new byte[UsmpConstants.MaxFrame];

            int n = client.CreateHello(output, 0);
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscriptUdp.HelloFrame), Bytes.Slice(output, 0, n), "udp datagram 0 HELLO");
            Consume(client, HandshakeTranscriptUdp.HelloRetryFrame, 2);
            Assert.AreEqual((int)ClientHandshakeState.RetryReceived, (int)client.State);

            n = client.CreateHelloWithCookie(output, 0);
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscriptUdp.HelloWithCookieFrame), Bytes.Slice(output, 0, n), "udp datagram 4 HELLO with cookie, seq 1");
            Assert.AreEqual((int)ClientHandshakeState.HelloWithCookieSent, (int)client.State);

            Consume(client, HandshakeTranscriptUdp.ChallengeFrame, 0);
            n = client.CreateHelloAck(output, 0);
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscriptUdp.HelloAckFrame), Bytes.Slice(output, 0, n), "udp datagram 8 HELLO_ACK");
            Consume(client, HandshakeTranscriptUdp.SessionOkFrame, 1);

            SessionKeys keys = client.TakeSessionKeys();
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscriptUdp.KC2s), keys.TxKey);
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscriptUdp.KS2c), keys.RxKey);
        }

        // Each case: how far to drive the handshake correctly, then one step that is not allowed.
        [TestMethod]
        [DataRow(0, 1)]   // Idle: ConsumeChallenge
        [DataRow(0, 2)]   // Idle: CreateHelloAck
        [DataRow(0, 3)]   // Idle: ConsumeSessionOk
        [DataRow(0, 4)]   // Idle: TakeSessionKeys
        [DataRow(0, 5)]   // Idle: ConsumeHelloRetry
        [DataRow(0, 6)]   // Idle: CreateHelloWithCookie
        [DataRow(1, 0)]   // HelloSent: CreateHello again
        [DataRow(1, 2)]   // HelloSent: CreateHelloAck
        [DataRow(1, 3)]   // HelloSent: ConsumeSessionOk
        [DataRow(1, 6)]   // HelloSent: CreateHelloWithCookie before the retry
        [DataRow(2, 0)]   // ChallengeReceived: CreateHello
        [DataRow(2, 1)]   // ChallengeReceived: ConsumeChallenge again
        [DataRow(2, 3)]   // ChallengeReceived: ConsumeSessionOk before HELLO_ACK
        [DataRow(2, 5)]   // ChallengeReceived: ConsumeHelloRetry
        [DataRow(3, 2)]   // HelloAckSent: CreateHelloAck again
        [DataRow(3, 4)]   // HelloAckSent: TakeSessionKeys before SESSION_OK
        [DataRow(4, 3)]   // Established: ConsumeSessionOk again
        [DataRow(4, 1)]   // Established: ConsumeChallenge
        public void OutOfOrderStep_ProtocolExceptionAndFailed(int stepsDone, int badStep)
        {
            ClientHandshake client = NewTranscriptClient();
            byte[] output = new byte[UsmpConstants.MaxFrame];
            AdvanceTo(client, stepsDone, output);
            Assert.ThrowsException(typeof(ProtocolException), () => RunStep(client, badStep, output));
            Assert.AreEqual((int)ClientHandshakeState.Failed, (int)client.State);
            AssertSecretsWiped(client);
            // Failure is sticky: even the right step is refused now.
            Assert.ThrowsException(typeof(ProtocolException), () => client.CreateHello(output, 0));
        }

        private static void RunStep(ClientHandshake client, int step, byte[] output)
        {
            switch (step)
            {
                case 0: client.CreateHello(output, 0); break;
                case 1: Consume(client, HandshakeTranscript.ChallengeFrame, 0); break;
                case 2: client.CreateHelloAck(output, 0); break;
                case 3: Consume(client, HandshakeTranscript.SessionOkFrame, 1); break;
                case 4: client.TakeSessionKeys(); break;
                case 5: Consume(client, HandshakeTranscriptUdp.HelloRetryFrame, 2); break;
                default: client.CreateHelloWithCookie(output, 0); break;
            }
        }

        [TestMethod]
        public void TakeSessionKeysTwice_Refused()
        {
            ClientHandshake client = DriveToEstablished();
            client.TakeSessionKeys();
            Assert.ThrowsException(typeof(ProtocolException), () => client.TakeSessionKeys());
        }

        private static ClientHandshake DriveToEstablished()
        {
            ClientHandshake client = NewTranscriptClient();
            byte[] output = new byte[UsmpConstants.MaxFrame];
            client.CreateHello(output, 0);
            Consume(client, HandshakeTranscript.ChallengeFrame, 0);
            client.CreateHelloAck(output, 0);
            Consume(client, HandshakeTranscript.SessionOkFrame, 1);
            return client;
        }

        private static ClientHandshake DriveToHelloAckSent()
        {
            ClientHandshake client = NewTranscriptClient();
            byte[] output = new byte[UsmpConstants.MaxFrame];
            client.CreateHello(output, 0);
            Consume(client, HandshakeTranscript.ChallengeFrame, 0);
            client.CreateHelloAck(output, 0);
            return client;
        }

        [TestMethod]
        [DataRow(12)]   // first byte of session_id
        [DataRow(28)]   // first byte of hmac_server
        [DataRow(59)]   // last byte of hmac_server
        public void ForgedServerProof_AuthenticationException(int position)
        {
            ClientHandshake client = DriveToHelloAckSent();
            byte[] frame = Bytes.FromHex(HandshakeTranscript.SessionOkFrame);
            frame[position] ^= 0x80;
            FrameHeader.WriteCrc(frame, 0);   // a well-formed frame whose proof is wrong
            Assert.ThrowsException(typeof(AuthenticationException), () => client.ConsumeSessionOk(frame, 0, frame.Length));
            Assert.AreEqual((int)ClientHandshakeState.Failed, (int)client.State);
            AssertSecretsWiped(client);
        }

        [TestMethod]
        public void WrongPsk_AuthenticationException()
        {
            byte[] psk = Bytes.FromHex(HandshakeTranscript.Psk);
            psk[0] ^= 1;
            byte[][] blocks = new byte[][] { Bytes.FromHex(HandshakeTranscript.ClientPrivate) };
            ClientHandshake client = new ClientHandshake(Bytes.FromHex(HandshakeTranscript.DeviceId), psk, new ScriptedRandom(blocks));
            byte[] output = new byte[UsmpConstants.MaxFrame];
            client.CreateHello(output, 0);
            Consume(client, HandshakeTranscript.ChallengeFrame, 0);
            client.CreateHelloAck(output, 0);
            Assert.ThrowsException(typeof(AuthenticationException), () => Consume(client, HandshakeTranscript.SessionOkFrame, 1));
        }

        // A frame of the right type whose payload is one byte short or long: PayloadException.
        private static byte[] Resized(string frameHex, int delta)
        {
            byte[] original = Bytes.FromHex(frameHex);
            int payload = original.Length - 12 + delta;
            byte[] frame = new byte[12 + payload];
            Array.Copy(original, 0, frame, 0, delta < 0 ? frame.Length : original.Length);
            FrameHeader.Write(frame, 0, FrameHeader.ReadType(original, 0), FrameHeader.ReadSeq(original, 0), payload);
            FrameHeader.WriteCrc(frame, 0);
            return frame;
        }

        [TestMethod]
        [DataRow(-1)]
        [DataRow(1)]
        public void ChallengeWrongLength_PayloadException(int delta)
        {
            ClientHandshake client = NewTranscriptClient();
            client.CreateHello(new byte[UsmpConstants.MaxFrame], 0);
            byte[] frame = Resized(HandshakeTranscript.ChallengeFrame, delta);
            Assert.ThrowsException(typeof(PayloadException), () => client.ConsumeChallenge(frame, 0, frame.Length));
            Assert.AreEqual((int)ClientHandshakeState.Failed, (int)client.State);
            AssertSecretsWiped(client);
        }

        [TestMethod]
        [DataRow(-1)]
        [DataRow(1)]
        public void SessionOkWrongLength_PayloadException(int delta)
        {
            ClientHandshake client = DriveToHelloAckSent();
            byte[] frame = Resized(HandshakeTranscript.SessionOkFrame, delta);
            Assert.ThrowsException(typeof(PayloadException), () => client.ConsumeSessionOk(frame, 0, frame.Length));
            AssertSecretsWiped(client);
        }

        [TestMethod]
        [DataRow(-1)]
        [DataRow(1)]
        public void HelloRetryWrongLength_PayloadException(int delta)
        {
            ClientHandshake client = NewTranscriptClient();
            client.CreateHello(new byte[UsmpConstants.MaxFrame], 0);
            byte[] frame = Resized(HandshakeTranscriptUdp.HelloRetryFrame, delta);
            Assert.ThrowsException(typeof(PayloadException), () => client.ConsumeHelloRetry(frame, 0, frame.Length));
        }

        [TestMethod]
        public void WrongMessageType_HandshakeException()
        {
            ClientHandshake client = NewTranscriptClient();
            client.CreateHello(new byte[UsmpConstants.MaxFrame], 0);
            byte[] frame = Bytes.FromHex(HandshakeTranscript.SessionOkFrame);   // SESSION_OK where CHALLENGE is due
            Assert.ThrowsException(typeof(HandshakeException), () => client.ConsumeChallenge(frame, 0, frame.Length));
            Assert.AreEqual((int)ClientHandshakeState.Failed, (int)client.State);
        }

        [TestMethod]
        public void HandshakeCrcChecked_CrcException()
        {
            ClientHandshake client = NewTranscriptClient();
            client.CreateHello(new byte[UsmpConstants.MaxFrame], 0);
            byte[] frame = Bytes.FromHex(HandshakeTranscript.ChallengeFrame);
            frame[20] ^= 0x01;
            Assert.ThrowsException(typeof(CrcException), () => client.ConsumeChallenge(frame, 0, frame.Length));
            AssertSecretsWiped(client);
        }

        [TestMethod]
        public void ZeroServerPublicKey_HandshakeException()
        {
            // pub_S = 0 gives the all-zero shared secret, which §3 step 3 refuses.
            ClientHandshake client = NewTranscriptClient();
            client.CreateHello(new byte[UsmpConstants.MaxFrame], 0);
            byte[] frame = Bytes.FromHex(HandshakeTranscript.ChallengeFrame);
            Array.Clear(frame, 12 + 32, 32);
            FrameHeader.WriteCrc(frame, 0);
            Assert.ThrowsException(typeof(HandshakeException), () => client.ConsumeChallenge(frame, 0, frame.Length));
            AssertSecretsWiped(client);
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        [DataRow(4)]
        public void Abort_AtEveryState_WipesAndFails(int stepsDone)
        {
            ClientHandshake client = NewTranscriptClient();
            byte[] output = new byte[UsmpConstants.MaxFrame];
            AdvanceTo(client, stepsDone, output);
            if (stepsDone >= 4)
            {
                Assert.IsFalse(Bytes.AllZero(client.KeyBlockBuffer), "keys are there before Abort");
            }
            client.Abort();
            Assert.AreEqual((int)ClientHandshakeState.Failed, (int)client.State);
            AssertSecretsWiped(client);
        }

        [TestMethod]
        public void CallerPskArray_NeitherKeptNorWiped()
        {
            byte[] psk = Bytes.FromHex(HandshakeTranscript.Psk);
            ClientHandshake client = new ClientHandshake(Bytes.FromHex(HandshakeTranscript.DeviceId), psk, new ScriptedRandom(new byte[0][]));
            Assert.AreNotSame(psk, client.PskBuffer);
            client.Abort();
            CollectionAssert.AreEqual(Bytes.FromHex(HandshakeTranscript.Psk), psk);
        }

        [TestMethod]
        public void ConstructorArguments_Checked()
        {
            byte[] id = Bytes.FromHex(HandshakeTranscript.DeviceId);
            byte[] psk = Bytes.FromHex(HandshakeTranscript.Psk);
            IRandomSource random = new ScriptedRandom(new byte[0][]);
            Assert.ThrowsException(typeof(ArgumentException), () => new ClientHandshake(new byte[5], psk, random));
            Assert.ThrowsException(typeof(ArgumentException), () => new ClientHandshake(id, new byte[15], random));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new ClientHandshake(id, null, random));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new ClientHandshake(id, psk, null));
        }
    }
}
