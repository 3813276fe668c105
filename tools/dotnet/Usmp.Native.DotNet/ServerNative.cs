// The gateway's host-only native entry points (native-interop/include/usmp_abi_server.h): the
// server side of the handshake and raw primitives a device never calls. They are deliberately NOT
// InternalCall externs of firmware/Usmp.Native, so the ESP32 image and its native checksum do not
// carry them. Same marshalling as CryptoNative.Host.cs (byte[] as (array, length)); the one caller
// is tools/dotnet/Usmp.DotNet/ServerCrypto.cs.
#if !NANOFRAMEWORK_1_0
using System.Runtime.InteropServices;

namespace Usmp.Native
{
    public static class ServerNative
    {
        private const string Lib = "usmp_native";

        static ServerNative()
        {
            CryptoNative.EnsureResolver();
        }

        public static int X25519Keypair(byte[] privateKey, byte[] publicKey)
        {
            NativeCallStats.Count();
            return usmp_abi_x25519_keypair(privateKey, CryptoNative.Len(privateKey), publicKey, CryptoNative.Len(publicKey));
        }

        public static int DeriveSessionKeys(byte[] kC2s, byte[] kS2c, byte[] privateKey, byte[] peerPublic, byte[] nonce, byte[] pubC, byte[] pubS)
        {
            NativeCallStats.Count();
            return usmp_abi_derive_session_keys(kC2s, CryptoNative.Len(kC2s), kS2c, CryptoNative.Len(kS2c), privateKey, CryptoNative.Len(privateKey), peerPublic, CryptoNative.Len(peerPublic), nonce, CryptoNative.Len(nonce), pubC, CryptoNative.Len(pubC), pubS, CryptoNative.Len(pubS));
        }

        public static int ServerConsumeHello(byte[] frame, int payloadOffset, int payloadLength, byte[] deviceId, byte[] pubC, byte[] cookie)
        {
            NativeCallStats.Count();
            return usmp_abi_server_consume_hello(frame, CryptoNative.Len(frame), payloadOffset, payloadLength, deviceId, CryptoNative.Len(deviceId), pubC, CryptoNative.Len(pubC), cookie, CryptoNative.Len(cookie));
        }

        public static int ServerConsumeHelloAck(byte[] frame, int payloadOffset, int payloadLength, byte[] psk, byte[] nonce, byte[] deviceId, byte[] pubC, byte[] pubS)
        {
            NativeCallStats.Count();
            return usmp_abi_server_consume_hello_ack(frame, CryptoNative.Len(frame), payloadOffset, payloadLength, psk, CryptoNative.Len(psk), nonce, CryptoNative.Len(nonce), deviceId, CryptoNative.Len(deviceId), pubC, CryptoNative.Len(pubC), pubS, CryptoNative.Len(pubS));
        }

        public static int ServerProof(byte[] mac, byte[] psk, byte[] nonce, byte[] sessionId, byte[] pubC, byte[] pubS)
        {
            NativeCallStats.Count();
            return usmp_abi_server_proof(mac, CryptoNative.Len(mac), psk, CryptoNative.Len(psk), nonce, CryptoNative.Len(nonce), sessionId, CryptoNative.Len(sessionId), pubC, CryptoNative.Len(pubC), pubS, CryptoNative.Len(pubS));
        }

        public static int HmacSha256(byte[] mac, byte[] key, byte[] message, int offset, int count)
        {
            NativeCallStats.Count();
            return usmp_abi_hmac_sha256(mac, CryptoNative.Len(mac), key, CryptoNative.Len(key), message, CryptoNative.Len(message), offset, count);
        }

        // ---- usmp_abi_server.h, one entry point per method above, same order ----

        [DllImport(Lib, EntryPoint = "usmp_abi_x25519_keypair")]
        private static extern int usmp_abi_x25519_keypair([In, Out] byte[] privateKey, int privateKeyLen, [In, Out] byte[] publicKey, int publicKeyLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_derive_session_keys")]
        private static extern int usmp_abi_derive_session_keys([In, Out] byte[] kC2s, int kC2sLen, [In, Out] byte[] kS2c, int kS2cLen, [In, Out] byte[] privateKey, int privateKeyLen, [In, Out] byte[] peerPublic, int peerPublicLen, [In, Out] byte[] nonce, int nonceLen, [In, Out] byte[] pubC, int pubCLen, [In, Out] byte[] pubS, int pubSLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_server_consume_hello")]
        private static extern int usmp_abi_server_consume_hello([In, Out] byte[] frame, int frameLen, int payloadOffset, int payloadLength, [In, Out] byte[] deviceId, int deviceIdLen, [In, Out] byte[] pubC, int pubCLen, [In, Out] byte[] cookie, int cookieLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_server_consume_hello_ack")]
        private static extern int usmp_abi_server_consume_hello_ack([In, Out] byte[] frame, int frameLen, int payloadOffset, int payloadLength, [In, Out] byte[] psk, int pskLen, [In, Out] byte[] nonce, int nonceLen, [In, Out] byte[] deviceId, int deviceIdLen, [In, Out] byte[] pubC, int pubCLen, [In, Out] byte[] pubS, int pubSLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_server_proof")]
        private static extern int usmp_abi_server_proof([In, Out] byte[] mac, int macLen, [In, Out] byte[] psk, int pskLen, [In, Out] byte[] nonce, int nonceLen, [In, Out] byte[] sessionId, int sessionIdLen, [In, Out] byte[] pubC, int pubCLen, [In, Out] byte[] pubS, int pubSLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_hmac_sha256")]
        private static extern int usmp_abi_hmac_sha256([In, Out] byte[] mac, int macLen, [In, Out] byte[] key, int keyLen, [In, Out] byte[] message, int messageLen, int offset, int count);
    }
}
#endif
