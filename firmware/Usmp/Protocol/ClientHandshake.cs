// The client side of the USMP handshake (shared/spec/usmp-v2.md §3, UDP cookie round trip §8),
// as Create/Consume pairs over caller-owned frame buffers. It never touches a socket.
//
//   TCP:  CreateHello ─> ConsumeChallenge ─> CreateHelloAck ─> ConsumeSessionOk ─> TakeSessionKeys
//   UDP:  CreateHello ─> ConsumeHelloRetry ─> CreateHelloWithCookie ─> ConsumeChallenge ─> ...
//
//   state               allowed step                       next state
//   Idle                CreateHello                        HelloSent
//   HelloSent           ConsumeHelloRetry                  RetryReceived
//   RetryReceived       CreateHelloWithCookie              HelloWithCookieSent
//   HelloSent,
//   HelloWithCookieSent ConsumeChallenge                   ChallengeReceived
//   ChallengeReceived   CreateHelloAck                     HelloAckSent
//   HelloAckSent        ConsumeSessionOk                   Established
//   Established         TakeSessionKeys (once)             Established (secrets wiped)
//   any                 Abort, or any failure              Failed (final, secrets wiped)
//
// A step called in the wrong state throws ProtocolException. Every failure is sticky: the state
// becomes Failed and every secret below is zeroed before the exception leaves.
//
// Secrets owned here, and where they are wiped (Wipe(): TakeSessionKeys, Abort, any failure;
// secrets with Secret.Wipe, the public values with Array.Clear):
//   _privateKey  ephemeral X25519 scalar     also wiped as soon as CHALLENGE is consumed
//   _keyBlock    k_c2s ‖ k_s2c (okm, 64)      copied into SessionKeys by TakeSessionKeys
//   _psk         copy of the caller's PSK     (the caller's array is neither kept nor wiped)
//   _hmacClient  client proof                 (public once sent; wiped anyway)
//   _nonce, _sessionId, _pubS, _cookie        public values, wiped with the rest
// Frame parsing and all crypto of a step is ONE native call (UsmpCrypto.*), which checks the
// payload length first and compares the server proof in constant time.
using System;
using Usmp.Native;

namespace Usmp
{
    public enum ClientHandshakeState
    {
        Idle,
        HelloSent,
        RetryReceived,
        HelloWithCookieSent,
        ChallengeReceived,
        HelloAckSent,
        Established,
        Failed
    }

    public sealed class ClientHandshake
    {
        // X25519 base point u = 9 (RFC 7748 §4.1), to derive pub_C from the private scalar.
        private static readonly byte[] s_basePoint = new byte[]
        {
            9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        };

        private readonly IRandomSource _random;
        private readonly byte[] _deviceId = new byte[UsmpConstants.DeviceIdSize];
        private readonly byte[] _psk;
        private readonly byte[] _privateKey = new byte[UsmpConstants.PrivateKeySize];
        private readonly byte[] _pubC = new byte[UsmpConstants.PublicKeySize];
        private readonly byte[] _pubS = new byte[UsmpConstants.PublicKeySize];
        private readonly byte[] _nonce = new byte[UsmpConstants.HandshakeNonceSize];
        private readonly byte[] _keyBlock = new byte[UsmpConstants.SessionKeysSize];
        private readonly byte[] _hmacClient = new byte[UsmpConstants.MacSize];
        private readonly byte[] _sessionId = new byte[UsmpConstants.SessionIdSize];
        private readonly byte[] _cookie = new byte[UsmpConstants.CookieSize];
        private bool _privateKeyInjected;
        private bool _keysTaken;
        private ClientHandshakeState _state = ClientHandshakeState.Idle;

        /// <param name="deviceId">6 bytes, copied.</param>
        /// <param name="psk">At least 16 bytes (§9), copied; the copy is wiped when the handshake ends.</param>
        /// <param name="random">Source of the ephemeral private key (32 random bytes, clamped by X25519).</param>
        public ClientHandshake(byte[] deviceId, byte[] psk, IRandomSource random)
        {
            if (deviceId == null || psk == null || random == null)
            {
                throw new ArgumentNullException(deviceId == null ? "deviceId" : psk == null ? "psk" : "random");
            }
            if (deviceId.Length != UsmpConstants.DeviceIdSize)
            {
                throw new ArgumentException("deviceId must be exactly 6 bytes");
            }
            if (psk.Length < UsmpConstants.MinPskSize)
            {
                throw new ArgumentException("psk must be at least 16 bytes (§9)");
            }
            Array.Copy(deviceId, 0, _deviceId, 0, UsmpConstants.DeviceIdSize);
            _psk = new byte[psk.Length];
            Array.Copy(psk, 0, _psk, 0, psk.Length);
            _random = random;
        }

        public ClientHandshakeState State
        {
            get { return _state; }
        }

        /// <summary>Test-only seam: use this ephemeral private key instead of drawing one (Idle only).</summary>
        internal void InjectEphemeralPrivateKey(byte[] privateKey)
        {
            Require(ClientHandshakeState.Idle, "InjectEphemeralPrivateKey");
            if (privateKey == null || privateKey.Length != UsmpConstants.PrivateKeySize)
            {
                throw new ArgumentException("privateKey must be exactly 32 bytes");
            }
            Array.Copy(privateKey, 0, _privateKey, 0, UsmpConstants.PrivateKeySize);
            _privateKeyInjected = true;
        }

        /// <summary>§3 step 1: HELLO = device_id(6) ‖ pub_C(32), seq 0. Returns the frame length.</summary>
        public int CreateHello(byte[] output, int offset)
        {
            Require(ClientHandshakeState.Idle, "CreateHello");
            try
            {
                CreateEphemeralKey();
                int length = WriteHello(output, offset, false);
                _state = ClientHandshakeState.HelloSent;
                return length;
            }
            catch
            {
                Fail();
                throw;
            }
        }

        /// <summary>§8: HELLO_RETRY = cookie(16), the server's answer to a cookie-less HELLO over UDP.</summary>
        public void ConsumeHelloRetry(byte[] frame, int offset, int length)
        {
            Require(ClientHandshakeState.HelloSent, "ConsumeHelloRetry");
            try
            {
                int payloadLength = DecodeHandshakeFrame(frame, offset, length, PacketType.HelloRetry);
                Check(UsmpCrypto.ParseHelloRetry(frame, offset + UsmpConstants.PayloadOffset, payloadLength, _cookie));
                _state = ClientHandshakeState.RetryReceived;
            }
            catch
            {
                Fail();
                throw;
            }
        }

        /// <summary>§8: HELLO = device_id ‖ pub_C ‖ cookie(16), seq 1 (same key pair as the first HELLO).</summary>
        public int CreateHelloWithCookie(byte[] output, int offset)
        {
            Require(ClientHandshakeState.RetryReceived, "CreateHelloWithCookie");
            try
            {
                int length = WriteHello(output, offset, true);
                _state = ClientHandshakeState.HelloWithCookieSent;
                return length;
            }
            catch
            {
                Fail();
                throw;
            }
        }

        /// <summary>
        /// §3 steps 2-4 in one native call: CHALLENGE = nonce(32) ‖ pub_S(32); shared = X25519(priv, pub_S)
        /// (all-zero refused); okm = HKDF-SHA256(shared, salt = nonce, info = "usmp-v2" ‖ pub_C ‖ pub_S, 64);
        /// hmac_client = HMAC(PSK, CD AB 02 03 ‖ nonce ‖ device_id ‖ pub_C ‖ pub_S).
        /// </summary>
        public void ConsumeChallenge(byte[] frame, int offset, int length)
        {
            if (_state != ClientHandshakeState.HelloSent && _state != ClientHandshakeState.HelloWithCookieSent)
            {
                Refuse("ConsumeChallenge");
            }
            try
            {
                int payloadLength = DecodeHandshakeFrame(frame, offset, length, PacketType.Challenge);
                Check(UsmpCrypto.ClientConsumeChallenge(frame, offset + UsmpConstants.PayloadOffset, payloadLength, _privateKey, _pubC, _deviceId, _psk, _nonce, _pubS, _keyBlock, _hmacClient));
                Secret.Wipe(_privateKey);   // its only use is done
                _state = ClientHandshakeState.ChallengeReceived;
            }
            catch
            {
                Fail();
                throw;
            }
        }

        /// <summary>§3 step 4: HELLO_ACK = hmac_client(32), seq 2 (even over TCP).</summary>
        public int CreateHelloAck(byte[] output, int offset)
        {
            Require(ClientHandshakeState.ChallengeReceived, "CreateHelloAck");
            try
            {
                int length = UsmpConstants.HeaderSize + UsmpConstants.HelloAckPayloadSize;
                RequireOutput(output, offset, length);
                FrameHeader.Write(output, offset, PacketType.HelloAck, UsmpConstants.HelloAckSeq, UsmpConstants.HelloAckPayloadSize);
                Array.Copy(_hmacClient, 0, output, offset + UsmpConstants.PayloadOffset, UsmpConstants.MacSize);
                FrameHeader.WriteCrc(output, offset);
                _state = ClientHandshakeState.HelloAckSent;
                return length;
            }
            catch
            {
                Fail();
                throw;
            }
        }

        /// <summary>
        /// §3 step 5: SESSION_OK = session_id(16) ‖ hmac_server(32), with hmac_server =
        /// HMAC(PSK, CD AB 02 04 ‖ nonce ‖ session_id ‖ pub_C ‖ pub_S), checked in constant time (native).
        /// A wrong proof throws AuthenticationException.
        /// </summary>
        public void ConsumeSessionOk(byte[] frame, int offset, int length)
        {
            Require(ClientHandshakeState.HelloAckSent, "ConsumeSessionOk");
            try
            {
                int payloadLength = DecodeHandshakeFrame(frame, offset, length, PacketType.SessionOk);
                Check(UsmpCrypto.ClientConsumeSessionOk(frame, offset + UsmpConstants.PayloadOffset, payloadLength, _psk, _nonce, _pubC, _pubS, _sessionId));
                _state = ClientHandshakeState.Established;
            }
            catch
            {
                Fail();
                throw;
            }
        }

        /// <summary>Moves the session keys out (client: tx = k_c2s, rx = k_s2c) and wipes every handshake secret. Once only.</summary>
        public SessionKeys TakeSessionKeys()
        {
            Require(ClientHandshakeState.Established, "TakeSessionKeys");
            if (_keysTaken)
            {
                Refuse("TakeSessionKeys (keys already taken)");
            }
            SessionKeys keys = SessionKeys.FromKeyBlock(_keyBlock, _sessionId, true);
            _keysTaken = true;
            Wipe();
            return keys;
        }

        /// <summary>Ends the handshake: state Failed, every secret zeroed. Safe to call at any time.</summary>
        public void Abort()
        {
            Fail();
        }

        // ---- test access to the secret buffers (InternalsVisibleTo NFUnitTest): the wipe tests ----

        internal byte[] PrivateKeyBuffer { get { return _privateKey; } }
        internal byte[] KeyBlockBuffer { get { return _keyBlock; } }
        internal byte[] PskBuffer { get { return _psk; } }
        internal byte[] HmacClientBuffer { get { return _hmacClient; } }
        internal byte[] NonceBuffer { get { return _nonce; } }
        internal byte[] SessionIdBuffer { get { return _sessionId; } }

        // ---- steps' helpers ----

        // The ephemeral key pair: 32 bytes from the random source (or the injected test key) as the
        // X25519 scalar, pub_C = X25519(scalar, 9) (RFC 7748 §6.1).
        private void CreateEphemeralKey()
        {
            if (!_privateKeyInjected)
            {
                _random.GetBytes(_privateKey, 0, UsmpConstants.PrivateKeySize);
            }
            Check(UsmpCrypto.X25519(_pubC, _privateKey, s_basePoint));
        }

        //   HELLO payload: off 0 device_id(6) ‖ off 6 pub_C(32) [‖ off 38 cookie(16)]
        private int WriteHello(byte[] output, int offset, bool withCookie)
        {
            int payloadLength = withCookie ? UsmpConstants.HelloWithCookiePayloadSize : UsmpConstants.HelloPayloadSize;
            uint seq = withCookie ? UsmpConstants.HelloWithCookieSeq : UsmpConstants.HelloSeq;
            RequireOutput(output, offset, UsmpConstants.HeaderSize + payloadLength);
            int payload = offset + UsmpConstants.PayloadOffset;
            FrameHeader.Write(output, offset, PacketType.Hello, seq, payloadLength);
            Array.Copy(_deviceId, 0, output, payload + UsmpConstants.HelloDeviceIdOffset, UsmpConstants.DeviceIdSize);
            Array.Copy(_pubC, 0, output, payload + UsmpConstants.HelloPublicKeyOffset, UsmpConstants.PublicKeySize);
            if (withCookie)
            {
                Array.Copy(_cookie, 0, output, payload + UsmpConstants.HelloCookieOffset, UsmpConstants.CookieSize);
            }
            FrameHeader.WriteCrc(output, offset);
            return UsmpConstants.HeaderSize + payloadLength;
        }

        // Checks the frame (CRC included: the device, like the C core, checks handshake CRCs, §11 item 2)
        // and that it is the expected type. Returns the payload length; the payload length itself is
        // checked by the step's native call.
        private static int DecodeHandshakeFrame(byte[] frame, int offset, int length, PacketType expected)
        {
            PacketType type = FrameHeader.Decode(frame, offset, length, true);
            if (type != expected)
            {
                throw new HandshakeException("unexpected handshake message: type " + ((int)type).ToString() + ", expected " + ((int)expected).ToString());
            }
            return length - UsmpConstants.HeaderSize;
        }

        // Maps the native outcome of a handshake step to the typed exception.
        private static void Check(NativeStatus status)
        {
            switch (status)
            {
                case NativeStatus.Ok:
                    return;
                case NativeStatus.Malformed:
                    throw new PayloadException("handshake message has the wrong length");
                case NativeStatus.AuthFailed:
                    throw new AuthenticationException("server proof (hmac_server) did not verify: wrong PSK or tampered handshake");
                case NativeStatus.ZeroSharedSecret:
                    throw new HandshakeException("X25519 shared secret is all zero: invalid server public key");
                default:
                    throw new HandshakeException("handshake step failed: status " + ((int)status).ToString());
            }
        }

        private static void RequireOutput(byte[] output, int offset, int length)
        {
            if (output == null)
            {
                throw new ArgumentNullException("output");
            }
            if (offset < 0 || offset > output.Length - length)
            {
                throw new ArgumentException("output buffer too small for the frame");
            }
        }

        private void Require(ClientHandshakeState expected, string step)
        {
            if (_state != expected)
            {
                Refuse(step);
            }
        }

        private void Refuse(string step)
        {
            ClientHandshakeState was = _state;
            Fail();
            throw new ProtocolException(step + " is not allowed in handshake state " + ((int)was).ToString());
        }

        private void Fail()
        {
            _state = ClientHandshakeState.Failed;
            Wipe();
        }

        private void Wipe()
        {
            Secret.Wipe(_privateKey);
            Secret.Wipe(_keyBlock);
            Secret.Wipe(_psk);
            Secret.Wipe(_hmacClient);
            // Public values: cleared so a failed or finished handshake leaves nothing behind.
            Array.Clear(_nonce, 0, _nonce.Length);
            Array.Clear(_sessionId, 0, _sessionId.Length);
            Array.Clear(_pubS, 0, _pubS.Length);
            Array.Clear(_cookie, 0, _cookie.Length);
            _privateKeyInjected = false;
        }
    }
}
