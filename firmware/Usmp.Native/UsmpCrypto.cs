// The managed face of the native crypto core, and the ONLY caller of CryptoNative.
//
// Every method: (1) checks nulls, fixed sizes and offset/count ranges and throws
// ArgumentNullException / ArgumentException with a clear message BEFORE the native call;
// (2) calls exactly one extern; (3) maps the status: InvalidArgument -> ArgumentException,
// CryptoFailure / RandomFailure (or any status the call cannot legally return) ->
// NativeCryptoException, expected outcomes -> returned as NativeStatus.
// Nothing here allocates on the success path: these run per frame on the device.
// Bytes that come from the network (a payload of the wrong length, a short or oversized frame)
// are expected outcomes (Malformed), never exceptions.
using System;

namespace Usmp.Native
{
    public static class UsmpCrypto
    {
        public const int KeySize = 32;
        public const int PublicKeySize = 32;
        public const int HandshakeNonceSize = 32;
        public const int DeviceIdSize = 6;
        public const int SessionIdSize = 16;
        public const int MacSize = 32;
        public const int CookieSize = 16;
        public const int SessionKeysSize = 64;
        public const int UtackSize = 7;
        public const int UtackMacSize = 8;
        public const int RekeySaltSize = 32;
        public const int AeadOverhead = 28;
        public const int MaxPlaintext = 452;
        public const int HeaderSize = 12;
        public const int MaxPayload = 480;
        public const int MaxFrame = 492;
        public const int SealedFrameOverhead = 40;
        public const int MinPskSize = 16;

        // nanoCLR's Interop_Marshal_UINT8_ARRAY faults on a null array (NullReferenceException),
        // so an absent plaintext crosses the boundary as this shared empty array.
        private static readonly byte[] Empty = new byte[0];

        public static void FillRandom(byte[] buffer, int offset, int count)
        {
            RequireRange(buffer, offset, count, "buffer");
            RequireOk(CryptoNative.FillRandom(buffer, offset, count));
        }

        public static void GenerateKeyPair(byte[] privateKey, byte[] publicKey)
        {
            RequireSize(privateKey, KeySize, "privateKey");
            RequireSize(publicKey, PublicKeySize, "publicKey");
            RequireOk(CryptoNative.X25519Keypair(privateKey, publicKey));
        }

        // Ok, or ZeroSharedSecret (output zeroed).
        public static NativeStatus X25519(byte[] output, byte[] scalar, byte[] point)
        {
            RequireSize(output, KeySize, "output");
            RequireSize(scalar, KeySize, "scalar");
            RequireSize(point, PublicKeySize, "point");
            return Expected(CryptoNative.X25519(output, scalar, point));
        }

        // Ok, or ZeroSharedSecret (both keys zeroed).
        public static NativeStatus DeriveSessionKeys(byte[] kC2s, byte[] kS2c, byte[] privateKey, byte[] peerPublic, byte[] nonce, byte[] pubC, byte[] pubS)
        {
            RequireSize(kC2s, KeySize, "kC2s");
            RequireSize(kS2c, KeySize, "kS2c");
            RequireSize(privateKey, KeySize, "privateKey");
            RequireSize(peerPublic, PublicKeySize, "peerPublic");
            RequireSize(nonce, HandshakeNonceSize, "nonce");
            RequireSize(pubC, PublicKeySize, "pubC");
            RequireSize(pubS, PublicKeySize, "pubS");
            return Expected(CryptoNative.DeriveSessionKeys(kC2s, kS2c, privateKey, peerPublic, nonce, pubC, pubS));
        }

        // Ok, Malformed (payload not 64 bytes) or ZeroSharedSecret. keys = k_c2s || k_s2c.
        public static NativeStatus ClientConsumeChallenge(byte[] frame, int payloadOffset, int payloadLength, byte[] privateKey, byte[] pubC, byte[] deviceId, byte[] psk, byte[] nonce, byte[] pubS, byte[] keys, byte[] hmacClient)
        {
            RequireRange(frame, payloadOffset, payloadLength, "frame");
            RequireSize(privateKey, KeySize, "privateKey");
            RequireSize(pubC, PublicKeySize, "pubC");
            RequireSize(deviceId, DeviceIdSize, "deviceId");
            RequirePsk(psk);
            RequireSize(nonce, HandshakeNonceSize, "nonce");
            RequireSize(pubS, PublicKeySize, "pubS");
            RequireSize(keys, SessionKeysSize, "keys");
            RequireSize(hmacClient, MacSize, "hmacClient");
            return Expected(CryptoNative.ClientConsumeChallenge(frame, payloadOffset, payloadLength, privateKey, pubC, deviceId, psk, nonce, pubS, keys, hmacClient));
        }

        // Ok, Malformed (payload not 48 bytes) or AuthFailed (server proof wrong).
        public static NativeStatus ClientConsumeSessionOk(byte[] frame, int payloadOffset, int payloadLength, byte[] psk, byte[] nonce, byte[] pubC, byte[] pubS, byte[] sessionId)
        {
            RequireRange(frame, payloadOffset, payloadLength, "frame");
            RequirePsk(psk);
            RequireSize(nonce, HandshakeNonceSize, "nonce");
            RequireSize(pubC, PublicKeySize, "pubC");
            RequireSize(pubS, PublicKeySize, "pubS");
            RequireSize(sessionId, SessionIdSize, "sessionId");
            return Expected(CryptoNative.ClientConsumeSessionOk(frame, payloadOffset, payloadLength, psk, nonce, pubC, pubS, sessionId));
        }

        // Ok or Malformed (payload neither 38 nor 54 bytes).
        public static NativeStatus ServerConsumeHello(byte[] frame, int payloadOffset, int payloadLength, byte[] deviceId, byte[] pubC, byte[] cookie, out bool hasCookie)
        {
            RequireRange(frame, payloadOffset, payloadLength, "frame");
            RequireSize(deviceId, DeviceIdSize, "deviceId");
            RequireSize(pubC, PublicKeySize, "pubC");
            RequireSize(cookie, CookieSize, "cookie");
            int flag = 0;
            NativeStatus status = Expected(CryptoNative.ServerConsumeHello(frame, payloadOffset, payloadLength, deviceId, pubC, cookie, ref flag));
            hasCookie = status == NativeStatus.Ok && flag != 0;
            return status;
        }

        // Ok, Malformed (payload not 32 bytes) or AuthFailed (client proof wrong).
        public static NativeStatus ServerConsumeHelloAck(byte[] frame, int payloadOffset, int payloadLength, byte[] psk, byte[] nonce, byte[] deviceId, byte[] pubC, byte[] pubS)
        {
            RequireRange(frame, payloadOffset, payloadLength, "frame");
            RequirePsk(psk);
            RequireSize(nonce, HandshakeNonceSize, "nonce");
            RequireSize(deviceId, DeviceIdSize, "deviceId");
            RequireSize(pubC, PublicKeySize, "pubC");
            RequireSize(pubS, PublicKeySize, "pubS");
            return Expected(CryptoNative.ServerConsumeHelloAck(frame, payloadOffset, payloadLength, psk, nonce, deviceId, pubC, pubS));
        }

        public static void ServerProof(byte[] mac, byte[] psk, byte[] nonce, byte[] sessionId, byte[] pubC, byte[] pubS)
        {
            RequireSize(mac, MacSize, "mac");
            RequirePsk(psk);
            RequireSize(nonce, HandshakeNonceSize, "nonce");
            RequireSize(sessionId, SessionIdSize, "sessionId");
            RequireSize(pubC, PublicKeySize, "pubC");
            RequireSize(pubS, PublicKeySize, "pubS");
            RequireOk(CryptoNative.ServerProof(mac, psk, nonce, sessionId, pubC, pubS));
        }

        // Ok or Malformed (payload not 16 bytes).
        public static NativeStatus ParseHelloRetry(byte[] frame, int payloadOffset, int payloadLength, byte[] cookie)
        {
            RequireRange(frame, payloadOffset, payloadLength, "frame");
            RequireSize(cookie, CookieSize, "cookie");
            return Expected(CryptoNative.ParseHelloRetry(frame, payloadOffset, payloadLength, cookie));
        }

        // Ok or Malformed (not 7 or 15 bytes, or wrong magic). Outputs are 0/false unless Ok.
        public static NativeStatus ParseUtack(byte[] datagram, int offset, int length, out byte ackedType, out uint ackedSeq, out bool hasMac)
        {
            RequireRange(datagram, offset, length, "datagram");
            int type = 0;
            int seq = 0;
            int mac = 0;
            NativeStatus status = Expected(CryptoNative.ParseUtack(datagram, offset, length, ref type, ref seq, ref mac));
            bool ok = status == NativeStatus.Ok;
            ackedType = ok ? (byte)type : (byte)0;
            ackedSeq = ok ? unchecked((uint)seq) : 0u;
            hasMac = ok && mac != 0;
            return status;
        }

        // Seals header || nonce || ciphertext || tag at output[outputOffset]; returns the frame
        // length (SealedFrameOverhead + plaintextLength). plaintext may be null when plaintextLength is 0.
        public static int SealFrame(byte[] output, int outputOffset, byte type, uint seq, byte[] key, byte[] sessionId, byte[] plaintext, int plaintextOffset, int plaintextLength)
        {
            if (plaintext != null || plaintextOffset != 0 || plaintextLength != 0)
            {
                RequireRange(plaintext, plaintextOffset, plaintextLength, "plaintext");
            }
            if (plaintextLength > MaxPlaintext)
            {
                throw new ArgumentException("plaintextLength exceeds MaxPlaintext (452)");
            }
            RequireRange(output, outputOffset, SealedFrameOverhead + plaintextLength, "output");
            RequireSize(key, KeySize, "key");
            RequireSize(sessionId, SessionIdSize, "sessionId");
            int result = CryptoNative.SealFrame(output, outputOffset, type, unchecked((int)seq), key, sessionId, plaintext == null ? Empty : plaintext, plaintextOffset, plaintextLength);
            if (result != SealedFrameOverhead + plaintextLength)
            {
                Fail(result);
            }
            return result;
        }

        // Ok, Malformed, BadCrc or AuthFailed. On anything but Ok, plaintextLength is 0 and
        // plaintext[plaintextOffset..] is zeroed. The plaintext capacity (plaintext.Length -
        // plaintextOffset) must hold frameLength - 40 bytes; MaxPlaintext always suffices.
        public static NativeStatus OpenFrame(byte[] plaintext, int plaintextOffset, out int plaintextLength, byte[] frame, int frameOffset, int frameLength, byte[] key, byte[] sessionId)
        {
            RequireRange(plaintext, plaintextOffset, 0, "plaintext");
            RequireRange(frame, frameOffset, frameLength, "frame");
            RequireSize(key, KeySize, "key");
            RequireSize(sessionId, SessionIdSize, "sessionId");
            plaintextLength = 0;
            if (frameLength < SealedFrameOverhead || frameLength > MaxFrame)
            {
                // Network input of an impossible size: Malformed, the same as the native check.
                Array.Clear(plaintext, plaintextOffset, plaintext.Length - plaintextOffset);
                return NativeStatus.Malformed;
            }
            if (plaintext.Length - plaintextOffset < frameLength - SealedFrameOverhead)
            {
                throw new ArgumentException("plaintext capacity is smaller than frameLength - 40");
            }
            int length = 0;
            NativeStatus status = Expected(CryptoNative.OpenFrame(plaintext, plaintextOffset, ref length, frame, frameOffset, frameLength, key, sessionId));
            plaintextLength = status == NativeStatus.Ok ? length : 0;
            return status;
        }

        // Writes HMAC-SHA256(key, utack[offset..offset+7))[0..8) at utack[offset+7].
        public static void UtackMac(byte[] utack, int offset, byte[] key)
        {
            RequireRange(utack, offset, UtackSize + UtackMacSize, "utack");
            RequireSize(key, KeySize, "key");
            RequireOk(CryptoNative.UtackMac(utack, offset, key));
        }

        // True when the 8-byte MAC at utack[offset+7] verifies (constant-time compare in C).
        public static bool UtackVerify(byte[] utack, int offset, byte[] key)
        {
            RequireRange(utack, offset, UtackSize + UtackMacSize, "utack");
            RequireSize(key, KeySize, "key");
            int status = CryptoNative.UtackVerify(utack, offset, key);
            if (status == (int)NativeStatus.AuthFailed)
            {
                return false;
            }
            RequireOk(status);
            return true;
        }

        public static void RekeyDerive(byte[] first, byte[] second, byte[] initiatorTx, byte[] initiatorRx, byte[] salt, byte[] sessionId)
        {
            RequireSize(first, KeySize, "first");
            RequireSize(second, KeySize, "second");
            RequireSize(initiatorTx, KeySize, "initiatorTx");
            RequireSize(initiatorRx, KeySize, "initiatorRx");
            RequireSize(salt, RekeySaltSize, "salt");
            RequireSize(sessionId, SessionIdSize, "sessionId");
            RequireOk(CryptoNative.RekeyDerive(first, second, initiatorTx, initiatorRx, salt, sessionId));
        }

        // CRC-16/MODBUS of data[offset..offset+count).
        public static ushort Crc16(byte[] data, int offset, int count)
        {
            RequireRange(data, offset, count, "data");
            int result = CryptoNative.Crc16(data, offset, count);
            if (result < 0 || result > 0xFFFF)
            {
                Fail(result);
            }
            return (ushort)result;
        }

        public static void HmacSha256(byte[] mac, byte[] key, byte[] message, int offset, int count)
        {
            RequireSize(mac, MacSize, "mac");
            if (key == null)
            {
                throw new ArgumentNullException("key");
            }
            RequireRange(message, offset, count, "message");
            RequireOk(CryptoNative.HmacSha256(mac, key, message, offset, count));
        }

        // ---- argument checks (throw before any native call) ----

        private static void RequireSize(byte[] array, int size, string name)
        {
            if (array == null)
            {
                throw new ArgumentNullException(name);
            }
            if (array.Length != size)
            {
                throw new ArgumentException(name + " must be exactly " + size.ToString() + " bytes", name);
            }
        }

        private static void RequirePsk(byte[] psk)
        {
            if (psk == null)
            {
                throw new ArgumentNullException("psk");
            }
            if (psk.Length < MinPskSize)
            {
                throw new ArgumentException("psk must be at least 16 bytes", "psk");
            }
        }

        private static void RequireRange(byte[] array, int offset, int count, string name)
        {
            if (array == null)
            {
                throw new ArgumentNullException(name);
            }
            if (offset < 0 || count < 0 || offset > array.Length - count)
            {
                throw new ArgumentException("offset/count outside " + name + " (length " + array.Length.ToString() + ")", name);
            }
        }

        // ---- status mapping ----

        // For calls whose only legal outcome is Ok.
        private static void RequireOk(int status)
        {
            if (status != (int)NativeStatus.Ok)
            {
                Fail(status);
            }
        }

        // For calls with expected outcomes: returns them, throws for the rest.
        private static NativeStatus Expected(int status)
        {
            switch (status)
            {
                case (int)NativeStatus.Ok:
                case (int)NativeStatus.AuthFailed:
                case (int)NativeStatus.ZeroSharedSecret:
                case (int)NativeStatus.Malformed:
                case (int)NativeStatus.BadCrc:
                    return (NativeStatus)status;
                default:
                    Fail(status);
                    return NativeStatus.CryptoFailure; // not reached: Fail always throws
            }
        }

        private static void Fail(int status)
        {
            if (status == (int)NativeStatus.InvalidArgument)
            {
                throw new ArgumentException("the native layer rejected an argument (size, offset or count)");
            }
            throw new NativeCryptoException((NativeStatus)status);
        }
    }
}
