// The one file that declares native code. Every extern here is implemented by the nanoCLR
// interop glue in native-interop/nanoclr/ (device) and, on a PC, by CryptoNative.Host.cs through
// P/Invoke into libusmp_native.so. Both call native-interop/include/usmp_abi.h, one C function
// per extern, in this order.
//
// Rules (shared/spec/nanoframework.md section 6):
//  - static, parameters byte[] / int / ref int only: what the MetadataProcessor can marshal;
//  - a status return (NativeStatus numbers) for expected outcomes such as a bad tag;
//  - changing any signature or the ORDER of these methods changes the native checksum: bump
//    AssemblyNativeVersion in Properties/AssemblyInfo.cs, regenerate the stubs, reflash.
// Nothing but UsmpCrypto (UsmpCrypto.cs) calls these.
#if NANOFRAMEWORK_1_0
using System.Runtime.CompilerServices;

namespace Usmp.Native
{
    internal static class CryptoNative
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int FillRandom(byte[] buffer, int offset, int count);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int X25519Keypair(byte[] privateKey, byte[] publicKey);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int X25519(byte[] output, byte[] scalar, byte[] point);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int DeriveSessionKeys(byte[] kC2s, byte[] kS2c, byte[] privateKey, byte[] peerPublic, byte[] nonce, byte[] pubC, byte[] pubS);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ClientConsumeChallenge(byte[] frame, int payloadOffset, int payloadLength, byte[] privateKey, byte[] pubC, byte[] deviceId, byte[] psk, byte[] nonce, byte[] pubS, byte[] keys, byte[] hmacClient);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ClientConsumeSessionOk(byte[] frame, int payloadOffset, int payloadLength, byte[] psk, byte[] nonce, byte[] pubC, byte[] pubS, byte[] sessionId);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ServerConsumeHello(byte[] frame, int payloadOffset, int payloadLength, byte[] deviceId, byte[] pubC, byte[] cookie, ref int hasCookie);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ServerConsumeHelloAck(byte[] frame, int payloadOffset, int payloadLength, byte[] psk, byte[] nonce, byte[] deviceId, byte[] pubC, byte[] pubS);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ServerProof(byte[] mac, byte[] psk, byte[] nonce, byte[] sessionId, byte[] pubC, byte[] pubS);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ParseHelloRetry(byte[] frame, int payloadOffset, int payloadLength, byte[] cookie);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int ParseUtack(byte[] datagram, int offset, int length, ref int ackedType, ref int ackedSeq, ref int hasMac);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int SealFrame(byte[] output, int outputOffset, int type, int seq, byte[] key, byte[] sessionId, byte[] plaintext, int plaintextOffset, int plaintextLength);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int OpenFrame(byte[] plaintext, int plaintextOffset, ref int plaintextLength, byte[] frame, int frameOffset, int frameLength, byte[] key, byte[] sessionId);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int UtackMac(byte[] utack, int offset, byte[] key);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int UtackVerify(byte[] utack, int offset, byte[] key);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int RekeyDerive(byte[] first, byte[] second, byte[] initiatorTx, byte[] initiatorRx, byte[] salt, byte[] sessionId);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int Crc16(byte[] data, int offset, int count);

        [MethodImpl(MethodImplOptions.InternalCall)]
        internal static extern int HmacSha256(byte[] mac, byte[] key, byte[] message, int offset, int count);
    }
}
#endif
