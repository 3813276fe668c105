// The gateway's crypto operations, HOST BUILD ONLY: compiled into the .NET build of the Usmp
// library (tools/dotnet/Usmp.DotNet), never into the ESP32 one. A device runs only the client side,
// so these are not in the device's interop ABI (firmware/Usmp.Native) and the firmware image
// carries none of their native code. Same contract as UsmpCrypto (which owns the argument checks
// and the status mapping): argument errors throw before the native call, expected outcomes return
// as NativeStatus, native failures throw NativeCryptoException.
using System;

namespace Usmp.Native
{
    public static class ServerCrypto
    {
        // HELLO payload sizes (spec §2): device_id(6) ‖ pub_C(32), then an optional cookie(16).
        public const int HelloSize = UsmpConstants.DeviceIdSize + UsmpConstants.PublicKeySize;
        public const int HelloWithCookieSize = HelloSize + UsmpConstants.CookieSize;

        public static void GenerateKeyPair(byte[] privateKey, byte[] publicKey)
        {
            UsmpCrypto.RequireSize(privateKey, UsmpConstants.KeySize, "privateKey");
            UsmpCrypto.RequireSize(publicKey, UsmpConstants.PublicKeySize, "publicKey");
            UsmpCrypto.RequireOk(ServerNative.X25519Keypair(privateKey, publicKey));
        }

        // Ok, or ZeroSharedSecret (both keys zeroed).
        public static NativeStatus DeriveSessionKeys(byte[] kC2s, byte[] kS2c, byte[] privateKey, byte[] peerPublic, byte[] nonce, byte[] pubC, byte[] pubS)
        {
            UsmpCrypto.RequireSize(kC2s, UsmpConstants.KeySize, "kC2s");
            UsmpCrypto.RequireSize(kS2c, UsmpConstants.KeySize, "kS2c");
            UsmpCrypto.RequireSize(privateKey, UsmpConstants.KeySize, "privateKey");
            UsmpCrypto.RequireSize(peerPublic, UsmpConstants.PublicKeySize, "peerPublic");
            UsmpCrypto.RequireSize(nonce, UsmpConstants.HandshakeNonceSize, "nonce");
            UsmpCrypto.RequireSize(pubC, UsmpConstants.PublicKeySize, "pubC");
            UsmpCrypto.RequireSize(pubS, UsmpConstants.PublicKeySize, "pubS");
            return UsmpCrypto.Expected(ServerNative.DeriveSessionKeys(kC2s, kS2c, privateKey, peerPublic, nonce, pubC, pubS));
        }

        // Ok or Malformed (payload neither 38 nor 54 bytes). hasCookie: the payload carried one
        // (54 bytes); without one, cookie is zeroed.
        public static NativeStatus ServerConsumeHello(byte[] frame, int payloadOffset, int payloadLength, byte[] deviceId, byte[] pubC, byte[] cookie, out bool hasCookie)
        {
            UsmpCrypto.RequireRange(frame, payloadOffset, payloadLength, "frame");
            UsmpCrypto.RequireSize(deviceId, UsmpConstants.DeviceIdSize, "deviceId");
            UsmpCrypto.RequireSize(pubC, UsmpConstants.PublicKeySize, "pubC");
            UsmpCrypto.RequireSize(cookie, UsmpConstants.CookieSize, "cookie");
            NativeStatus status = UsmpCrypto.Expected(ServerNative.ServerConsumeHello(frame, payloadOffset, payloadLength, deviceId, pubC, cookie));
            hasCookie = status == NativeStatus.Ok && payloadLength == HelloWithCookieSize;
            return status;
        }

        // Ok, Malformed (payload not 32 bytes) or AuthFailed (client proof wrong).
        public static NativeStatus ServerConsumeHelloAck(byte[] frame, int payloadOffset, int payloadLength, byte[] psk, byte[] nonce, byte[] deviceId, byte[] pubC, byte[] pubS)
        {
            UsmpCrypto.RequireRange(frame, payloadOffset, payloadLength, "frame");
            UsmpCrypto.RequirePsk(psk);
            UsmpCrypto.RequireSize(nonce, UsmpConstants.HandshakeNonceSize, "nonce");
            UsmpCrypto.RequireSize(deviceId, UsmpConstants.DeviceIdSize, "deviceId");
            UsmpCrypto.RequireSize(pubC, UsmpConstants.PublicKeySize, "pubC");
            UsmpCrypto.RequireSize(pubS, UsmpConstants.PublicKeySize, "pubS");
            return UsmpCrypto.Expected(ServerNative.ServerConsumeHelloAck(frame, payloadOffset, payloadLength, psk, nonce, deviceId, pubC, pubS));
        }

        public static void ServerProof(byte[] mac, byte[] psk, byte[] nonce, byte[] sessionId, byte[] pubC, byte[] pubS)
        {
            UsmpCrypto.RequireSize(mac, UsmpConstants.MacSize, "mac");
            UsmpCrypto.RequirePsk(psk);
            UsmpCrypto.RequireSize(nonce, UsmpConstants.HandshakeNonceSize, "nonce");
            UsmpCrypto.RequireSize(sessionId, UsmpConstants.SessionIdSize, "sessionId");
            UsmpCrypto.RequireSize(pubC, UsmpConstants.PublicKeySize, "pubC");
            UsmpCrypto.RequireSize(pubS, UsmpConstants.PublicKeySize, "pubS");
            UsmpCrypto.RequireOk(ServerNative.ServerProof(mac, psk, nonce, sessionId, pubC, pubS));
        }

        public static void HmacSha256(byte[] mac, byte[] key, byte[] message, int offset, int count)
        {
            UsmpCrypto.RequireSize(mac, UsmpConstants.MacSize, "mac");
            if (key == null)
            {
                throw new ArgumentNullException("key");
            }
            UsmpCrypto.RequireRange(message, offset, count, "message");
            UsmpCrypto.RequireOk(ServerNative.HmacSha256(mac, key, message, offset, count));
        }
    }
}
