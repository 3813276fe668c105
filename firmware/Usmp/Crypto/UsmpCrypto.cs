// The managed face of the native crypto core, and the ONLY caller of CryptoNative (the interop
// assembly Usmp.Native). It lives in the Usmp library, not in the interop assembly, so that
// changing it never changes the native checksum (no reflash). Same namespace as NativeStatus.
// The gateway-only operations (server handshake, key pairs, raw HMAC) are not in the device ABI:
// the host build adds them in tools/dotnet/Usmp.DotNet/ServerCrypto.cs.
//
// Every method: (1) checks nulls, fixed sizes and offset/count ranges and throws
// ArgumentNullException / ArgumentException BEFORE the native call, each rule once, with one
// message; (2) calls exactly one extern; (3) maps the status: InvalidArgument -> ArgumentException,
// CryptoFailure / RandomFailure (or any status the call cannot legally return) ->
// NativeCryptoException, expected outcomes -> returned as NativeStatus.
// Bytes that come from the network (a payload of the wrong length, a short or oversized frame)
// are expected outcomes (Malformed), never exceptions.
//
// Lean on the nanoCLR interpreter (no JIT, ~700 instructions per managed call, and its ldstr
// allocates a new string EVERY time it runs): nothing here loads a string literal, boxes or
// allocates unless it is about to throw. Arguments are named by an Arg* number; the name and the
// message are built in Invalid / Null only on the way to a throw. The per-frame pair SealFrame /
// OpenFrame checks with plain conditions (no helper call) and, over UDP, also writes the UTACK in
// the same native call, so a UDP frame costs one native call in each direction.
using System;
using static Usmp.UsmpConstants;

namespace Usmp.Native
{
    public static class UsmpCrypto
    {
        // Sizes come from the wire module (Wire/UsmpConstants.cs, Wire/Utack.cs): one definition each.

        // nanoCLR's Interop_Marshal_UINT8_ARRAY faults on a null array (NullReferenceException),
        // so an absent plaintext or UTACK output crosses the boundary as this shared empty array.
        private static readonly byte[] Empty = new byte[0];

        // Argument numbers (Invalid / Null turn them into a name and a message, only when throwing).
        private const int ArgBuffer = 0, ArgOutput = 1, ArgScalar = 2, ArgPoint = 3, ArgFrame = 4,
            ArgPrivateKey = 5, ArgPubC = 6, ArgDeviceId = 7, ArgPsk = 8, ArgNonce = 9, ArgPubS = 10,
            ArgKeys = 11, ArgHmacClient = 12, ArgSessionId = 13, ArgCookie = 14, ArgPlaintext = 15,
            ArgKey = 16, ArgUtack = 17, ArgFirst = 18, ArgSecond = 19, ArgInitiatorTx = 20,
            ArgInitiatorRx = 21, ArgSalt = 22, ArgData = 23;

        public static void FillRandom(byte[] buffer, int offset, int count)
        {
            RequireRange(buffer, offset, count, ArgBuffer);
            RequireOk(CryptoNative.FillRandom(buffer, offset, count));
        }

        // Ok, or ZeroSharedSecret (output zeroed).
        public static NativeStatus X25519(byte[] output, byte[] scalar, byte[] point)
        {
            RequireSize(output, KeySize, ArgOutput);
            RequireSize(scalar, KeySize, ArgScalar);
            RequireSize(point, PublicKeySize, ArgPoint);
            return Expected(CryptoNative.X25519(output, scalar, point));
        }

        // Ok, Malformed (payload not 64 bytes) or ZeroSharedSecret. keys = k_c2s || k_s2c.
        public static NativeStatus ClientConsumeChallenge(byte[] frame, int payloadOffset, int payloadLength, byte[] privateKey, byte[] pubC, byte[] deviceId, byte[] psk, byte[] nonce, byte[] pubS, byte[] keys, byte[] hmacClient)
        {
            RequireRange(frame, payloadOffset, payloadLength, ArgFrame);
            RequireSize(privateKey, KeySize, ArgPrivateKey);
            RequireSize(pubC, PublicKeySize, ArgPubC);
            RequireSize(deviceId, DeviceIdSize, ArgDeviceId);
            RequirePsk(psk);
            RequireSize(nonce, HandshakeNonceSize, ArgNonce);
            RequireSize(pubS, PublicKeySize, ArgPubS);
            RequireSize(keys, SessionKeysSize, ArgKeys);
            RequireSize(hmacClient, MacSize, ArgHmacClient);
            return Expected(CryptoNative.ClientConsumeChallenge(frame, payloadOffset, payloadLength, privateKey, pubC, deviceId, psk, nonce, pubS, keys, hmacClient));
        }

        // Ok, Malformed (payload not 48 bytes) or AuthFailed (server proof wrong).
        public static NativeStatus ClientConsumeSessionOk(byte[] frame, int payloadOffset, int payloadLength, byte[] psk, byte[] nonce, byte[] pubC, byte[] pubS, byte[] sessionId)
        {
            RequireRange(frame, payloadOffset, payloadLength, ArgFrame);
            RequirePsk(psk);
            RequireSize(nonce, HandshakeNonceSize, ArgNonce);
            RequireSize(pubC, PublicKeySize, ArgPubC);
            RequireSize(pubS, PublicKeySize, ArgPubS);
            RequireSize(sessionId, SessionIdSize, ArgSessionId);
            return Expected(CryptoNative.ClientConsumeSessionOk(frame, payloadOffset, payloadLength, psk, nonce, pubC, pubS, sessionId));
        }

        // Ok or Malformed (payload not 16 bytes).
        public static NativeStatus ParseHelloRetry(byte[] frame, int payloadOffset, int payloadLength, byte[] cookie)
        {
            RequireRange(frame, payloadOffset, payloadLength, ArgFrame);
            RequireSize(cookie, CookieSize, ArgCookie);
            return Expected(CryptoNative.ParseHelloRetry(frame, payloadOffset, payloadLength, cookie));
        }

        // SealFrame without the UTACK output (TCP, tests).
        public static int SealFrame(byte[] output, int outputOffset, byte type, uint seq, byte[] key, byte[] sessionId, byte[] plaintext, int plaintextOffset, int plaintextLength)
        {
            return SealFrame(output, outputOffset, type, seq, key, sessionId, plaintext, plaintextOffset, plaintextLength, Empty);
        }

        // Seals header || nonce || ciphertext || tag at output[outputOffset]; returns the frame
        // length (SealedFrameOverhead + plaintextLength). plaintext may be null when plaintextLength
        // is 0. utack: empty, or Utack.MacedSize bytes that receive, in the same native call, the
        // UTACK the peer must send for this frame (§8: MACed under key, the one that sealed it).
        public static int SealFrame(byte[] output, int outputOffset, byte type, uint seq, byte[] key, byte[] sessionId, byte[] plaintext, int plaintextOffset, int plaintextLength, byte[] utack)
        {
            if (plaintext == null ? plaintextOffset != 0 || plaintextLength != 0
                : plaintextOffset < 0 || plaintextLength < 0 || plaintextOffset > plaintext.Length - plaintextLength)
            {
                throw Invalid(ArgPlaintext, plaintext);
            }
            if (plaintextLength > MaxPlaintext || output == null || outputOffset < 0 || outputOffset > output.Length - SealedFrameOverhead - plaintextLength)
            {
                throw Invalid(ArgOutput, output);
            }
            if (key == null || key.Length != KeySize || sessionId == null || sessionId.Length != SessionIdSize
                || utack == null || (utack.Length != 0 && utack.Length != Utack.MacedSize))
            {
                ThrowFrameKeys(key, sessionId, utack);
            }
            int result = CryptoNative.SealFrame(output, outputOffset, type, unchecked((int)seq), key, sessionId, plaintext == null ? Empty : plaintext, plaintextOffset, plaintextLength, utack);
            if (result != SealedFrameOverhead + plaintextLength)
            {
                Fail(result);
            }
            return result;
        }

        // OpenFrame without the UTACK output (TCP, tests).
        public static int OpenFrame(byte[] plaintext, int plaintextOffset, byte[] frame, int frameOffset, int frameLength, byte[] key, byte[] sessionId)
        {
            return OpenFrame(plaintext, plaintextOffset, frame, frameOffset, frameLength, key, sessionId, Empty);
        }

        // The plaintext length (0..MaxPlaintext) when the frame opened, or a negative NativeStatus:
        // Malformed (a size no frame can have), BadCrc or AuthFailed. On failure
        // plaintext[plaintextOffset..] is zeroed. The plaintext capacity (plaintext.Length -
        // plaintextOffset) must hold frameLength - 40 bytes; MaxPlaintext always suffices.
        // utack: empty, or Utack.MacedSize bytes that receive the UTACK for this frame (MACed under
        // key, the one that opened it) ONLY when it authenticated; otherwise they are zeroed.
        public static int OpenFrame(byte[] plaintext, int plaintextOffset, byte[] frame, int frameOffset, int frameLength, byte[] key, byte[] sessionId, byte[] utack)
        {
            if (plaintext == null || plaintextOffset < 0 || plaintextOffset > plaintext.Length)
            {
                throw Invalid(ArgPlaintext, plaintext);
            }
            if (frame == null || frameOffset < 0 || frameLength < 0 || frameOffset > frame.Length - frameLength)
            {
                throw Invalid(ArgFrame, frame);
            }
            if (key == null || key.Length != KeySize || sessionId == null || sessionId.Length != SessionIdSize
                || utack == null || (utack.Length != 0 && utack.Length != Utack.MacedSize))
            {
                ThrowFrameKeys(key, sessionId, utack);
            }
            // A wrong frame size is network input: the native call answers Malformed. A plaintext
            // capacity too small for a well-sized frame is ours: InvalidArgument -> ArgumentException.
            int result = CryptoNative.OpenFrame(plaintext, plaintextOffset, frame, frameOffset, frameLength, key, sessionId, utack);
            if (result >= 0)
            {
                if (result != frameLength - SealedFrameOverhead)
                {
                    Fail((int)NativeStatus.CryptoFailure);
                }
                return result;
            }
            if (result != (int)NativeStatus.AuthFailed && result != (int)NativeStatus.BadCrc && result != (int)NativeStatus.Malformed)
            {
                Fail(result);
            }
            return result;
        }

        // Writes HMAC-SHA256(key, utack[offset..offset+7))[0..8) at utack[offset+7].
        public static void UtackMac(byte[] utack, int offset, byte[] key)
        {
            RequireRange(utack, offset, Utack.MacedSize, ArgUtack);
            RequireSize(key, KeySize, ArgKey);
            RequireOk(CryptoNative.UtackMac(utack, offset, key));
        }

        // True when the 8-byte MAC at utack[offset+7] verifies (constant-time compare in C).
        public static bool UtackVerify(byte[] utack, int offset, byte[] key)
        {
            RequireRange(utack, offset, Utack.MacedSize, ArgUtack);
            RequireSize(key, KeySize, ArgKey);
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
            RequireSize(first, KeySize, ArgFirst);
            RequireSize(second, KeySize, ArgSecond);
            RequireSize(initiatorTx, KeySize, ArgInitiatorTx);
            RequireSize(initiatorRx, KeySize, ArgInitiatorRx);
            RequireSize(salt, RekeySaltSize, ArgSalt);
            RequireSize(sessionId, SessionIdSize, ArgSessionId);
            RequireOk(CryptoNative.RekeyDerive(first, second, initiatorTx, initiatorRx, salt, sessionId));
        }

        // CRC-16/MODBUS of data[offset..offset+count).
        public static ushort Crc16(byte[] data, int offset, int count)
        {
            RequireRange(data, offset, count, ArgData);
            int result = CryptoNative.Crc16(data, offset, count);
            if (result < 0 || result > 0xFFFF)
            {
                Fail(result);
            }
            return (ushort)result;
        }

        // ---- argument checks (throw before any native call; strings only when throwing) ----

        // Only when failing: which of the per-frame pair's key, session id and UTACK output (empty,
        // or exactly Utack.MacedSize bytes) is wrong.
        private static void ThrowFrameKeys(byte[] key, byte[] sessionId, byte[] utack)
        {
            RequireSize(key, KeySize, ArgKey);
            RequireSize(sessionId, SessionIdSize, ArgSessionId);
            throw Invalid(ArgUtack, utack);
        }

        internal static void RequireSize(byte[] array, int size, int argument)
        {
            if (array == null || array.Length != size)
            {
                throw Invalid(argument, array);
            }
        }

        internal static void RequirePsk(byte[] psk)
        {
            if (psk == null || psk.Length < MinPskSize)
            {
                throw Invalid(ArgPsk, psk);
            }
        }

        internal static void RequireRange(byte[] array, int offset, int count, int argument)
        {
            if (array == null || offset < 0 || count < 0 || offset > array.Length - count)
            {
                throw Invalid(argument, array);
            }
        }

        // The same two checks for the host-only ServerCrypto (handshake, never per frame), named.
        internal static void RequireSize(byte[] array, int size, string name)
        {
            if (array == null || array.Length != size)
            {
                throw Invalid(name, array, "must be exactly " + size.ToString() + " bytes");
            }
        }

        internal static void RequireRange(byte[] array, int offset, int count, string name)
        {
            if (array == null || offset < 0 || count < 0 || offset > array.Length - count)
            {
                throw Invalid(name, array, "offset/count (or the frame size) fall outside the array");
            }
        }

        // ArgumentNullException for a null array, else ArgumentException: the one message per
        // argument rule (its fixed size, the PSK minimum, or offset/count outside it).
        private static ArgumentException Invalid(int argument, byte[] array)
        {
            return Invalid(Name(argument), array, Rule(argument));
        }

        private static ArgumentException Invalid(string name, byte[] array, string rule)
        {
            if (array == null)
            {
                return new ArgumentNullException(name);
            }
            return new ArgumentException(name + " " + rule + " (its length is " + array.Length.ToString() + ")", name);
        }

        private static string Rule(int argument)
        {
            switch (argument)
            {
                case ArgPsk:
                    return "must be at least 16 bytes";
                case ArgBuffer:
                case ArgFrame:
                case ArgData:
                case ArgPlaintext:
                case ArgOutput:
                    return "offset/count (or the frame size) fall outside the array";
                case ArgUtack:
                    return "must be 15 bytes (or empty where the UTACK output is optional), at the given offset";
                case ArgDeviceId:
                    return "must be exactly 6 bytes";
                case ArgSessionId:
                case ArgCookie:
                    return "must be exactly 16 bytes";
                case ArgKeys:
                    return "must be exactly 64 bytes";
                default:
                    return "must be exactly 32 bytes";
            }
        }

        private static string Name(int argument)
        {
            switch (argument)
            {
                case ArgBuffer: return "buffer";
                case ArgOutput: return "output";
                case ArgScalar: return "scalar";
                case ArgPoint: return "point";
                case ArgFrame: return "frame";
                case ArgPrivateKey: return "privateKey";
                case ArgPubC: return "pubC";
                case ArgDeviceId: return "deviceId";
                case ArgPsk: return "psk";
                case ArgNonce: return "nonce";
                case ArgPubS: return "pubS";
                case ArgKeys: return "keys";
                case ArgHmacClient: return "hmacClient";
                case ArgSessionId: return "sessionId";
                case ArgCookie: return "cookie";
                case ArgPlaintext: return "plaintext";
                case ArgKey: return "key";
                case ArgUtack: return "utack";
                case ArgFirst: return "first";
                case ArgSecond: return "second";
                case ArgInitiatorTx: return "initiatorTx";
                case ArgInitiatorRx: return "initiatorRx";
                case ArgSalt: return "salt";
                default: return "data";
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
