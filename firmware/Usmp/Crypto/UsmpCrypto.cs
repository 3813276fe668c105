// The managed face of the native crypto core, and the ONLY caller of CryptoNative (the interop
// assembly Usmp.Native). It lives in the Usmp library, not in the interop assembly, so that
// changing it never changes the native checksum (no reflash). Same namespace as NativeStatus.
// The gateway-only operations (server handshake, key pairs, raw HMAC) are not in the device ABI:
// the host build adds them in tools/dotnet/Usmp.DotNet/ServerCrypto.cs.
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

        // Ok, or ZeroSharedSecret (output zeroed).
        public static NativeStatus X25519(byte[] output, byte[] scalar, byte[] point)
        {
            RequireSize(output, KeySize, "output");
            RequireSize(scalar, KeySize, "scalar");
            RequireSize(point, PublicKeySize, "point");
            return Expected(CryptoNative.X25519(output, scalar, point));
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

        // Ok or Malformed (payload not 16 bytes).
        public static NativeStatus ParseHelloRetry(byte[] frame, int payloadOffset, int payloadLength, byte[] cookie)
        {
            RequireRange(frame, payloadOffset, payloadLength, "frame");
            RequireSize(cookie, CookieSize, "cookie");
            return Expected(CryptoNative.ParseHelloRetry(frame, payloadOffset, payloadLength, cookie));
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

        // The plaintext length (0..MaxPlaintext) when the frame opened, or a negative NativeStatus:
        // Malformed, BadCrc or AuthFailed. On failure plaintext[plaintextOffset..] is zeroed. The
        // plaintext capacity (plaintext.Length - plaintextOffset) must hold frameLength - 40 bytes;
        // MaxPlaintext always suffices.
        public static int OpenFrame(byte[] plaintext, int plaintextOffset, byte[] frame, int frameOffset, int frameLength, byte[] key, byte[] sessionId)
        {
            RequireRange(plaintext, plaintextOffset, 0, "plaintext");
            RequireRange(frame, frameOffset, frameLength, "frame");
            RequireSize(key, KeySize, "key");
            RequireSize(sessionId, SessionIdSize, "sessionId");
            if (frameLength < SealedFrameOverhead || frameLength > MaxFrame)
            {
                // Network input of an impossible size: Malformed, the same as the native check.
                Array.Clear(plaintext, plaintextOffset, plaintext.Length - plaintextOffset);
                return (int)NativeStatus.Malformed;
            }
            if (plaintext.Length - plaintextOffset < frameLength - SealedFrameOverhead)
            {
                throw new ArgumentException("plaintext capacity is smaller than frameLength - 40");
            }
            int result = CryptoNative.OpenFrame(plaintext, plaintextOffset, frame, frameOffset, frameLength, key, sessionId);
            if (result >= 0)
            {
                if (result != frameLength - SealedFrameOverhead)
                {
                    Fail((int)NativeStatus.CryptoFailure);
                }
                return result;
            }
            return (int)Expected(result);
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

        // ---- argument checks (throw before any native call) ----

        internal static void RequireSize(byte[] array, int size, string name)
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

        internal static void RequirePsk(byte[] psk)
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

        internal static void RequireRange(byte[] array, int offset, int count, string name)
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
        internal static void RequireOk(int status)
        {
            if (status != (int)NativeStatus.Ok)
            {
                Fail(status);
            }
        }

        // For calls with expected outcomes: returns them, throws for the rest.
        internal static NativeStatus Expected(int status)
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

        internal static void Fail(int status)
        {
            if (status == (int)NativeStatus.InvalidArgument)
            {
                throw new ArgumentException("the native layer rejected an argument (size, offset or count)");
            }
            throw new NativeCryptoException((NativeStatus)status);
        }
    }
}
