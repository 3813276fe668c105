using System;
using Xunit;

namespace Usmp.Native.DotNet.Tests
{
    // Through UsmpCrypto -> CryptoNative.Host.cs -> libusmp_native.so (the real C core).
    public class UsmpCryptoNativeTests
    {
        private static byte[] Hex(string hex)
        {
            return Convert.FromHexString(hex.Replace(" ", ""));
        }

        private static byte[] Filled(int length, byte start)
        {
            var b = new byte[length];
            for (int i = 0; i < length; i++)
            {
                b[i] = (byte)(start + i);
            }
            return b;
        }

        [Fact]
        public void X25519_Rfc7748_Section6_1()
        {
            byte[] alicePriv = Hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
            byte[] bobPub = Hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
            byte[] bobPriv = Hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
            byte[] alicePub = Hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
            byte[] shared = Hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
            var k1 = new byte[32];
            var k2 = new byte[32];
            Assert.Equal(NativeStatus.Ok, UsmpCrypto.X25519(k1, alicePriv, bobPub));
            Assert.Equal(NativeStatus.Ok, UsmpCrypto.X25519(k2, bobPriv, alicePub));
            Assert.Equal(shared, k1);
            Assert.Equal(shared, k2);
        }

        [Fact]
        public void X25519_ZeroPoint_ReturnsZeroSharedSecret()
        {
            var output = new byte[32];
            Assert.Equal(NativeStatus.ZeroSharedSecret, UsmpCrypto.X25519(output, Filled(32, 1), new byte[32]));
            Assert.Equal(new byte[32], output);
        }

        [Fact]
        public void UtackMac_SpecVector_Key01To20()
        {
            byte[] key = Filled(32, 1);
            byte[] utack = new byte[15];
            Array.Copy(Hex("acac0507000000"), utack, 7);
            UsmpCrypto.UtackMac(utack, 0, key);
            Assert.Equal(Hex("4079b9599a160b87"), utack[7..15]);
            Assert.True(UsmpCrypto.UtackVerify(utack, 0, key));
            utack[14] ^= 1;
            Assert.False(UsmpCrypto.UtackVerify(utack, 0, key));
        }

        [Fact]
        public void SealThenOpen_RoundTrips_AndCountsOneNativeCallEach()
        {
            byte[] key = Filled(32, 0x40);
            byte[] sid = Filled(16, 0x90);
            byte[] pt = Filled(100, 7);
            var frame = new byte[UsmpConstants.MaxFrame];
            NativeCallStats.Reset();
            int len = UsmpCrypto.SealFrame(frame, 0, 0x10, 42u, key, sid, pt, 0, pt.Length);
            Assert.Equal(UsmpConstants.SealedFrameOverhead + pt.Length, len);
            var opened = new byte[UsmpConstants.MaxPlaintext];
            int n = UsmpCrypto.OpenFrame(opened, 0, frame, 0, len, key, sid);
            Assert.True(NativeCallStats.Calls >= 2);
            Assert.Equal(pt.Length, n);
            Assert.Equal(pt, opened[..n]);
        }

        [Fact]
        public void SealAndOpen_WithUtackOutput_WriteTheS8Utack_InTheSameCall()
        {
            // Spec §11 shared vector: key 01..20, acac0507000000 -> 4079b9599a160b87.
            byte[] key = new byte[32];
            for (int i = 0; i < 32; i++) key[i] = (byte)(i + 1);
            byte[] sid = Filled(16, 0x90);
            byte[] expected = Convert.FromHexString("acac05070000004079b9599a160b87");
            var frame = new byte[UsmpConstants.MaxFrame];
            var sealedUtack = new byte[Utack.MacedSize];
            var openedUtack = new byte[Utack.MacedSize];
            NativeCallStats.Reset();
            int len = UsmpCrypto.SealFrame(frame, 0, 0x05, 7u, key, sid, Filled(20, 3), 0, 20, sealedUtack);
            Assert.Equal(1, NativeCallStats.Calls);
            Assert.Equal(expected, sealedUtack);
            var opened = new byte[UsmpConstants.MaxPlaintext];
            Assert.Equal(20, UsmpCrypto.OpenFrame(opened, 0, frame, 0, len, key, sid, openedUtack));
            Assert.Equal(2, NativeCallStats.Calls);
            Assert.Equal(expected, openedUtack);
            frame[len - 1] ^= 1;
            Assert.True(UsmpCrypto.OpenFrame(opened, 0, frame, 0, len, key, sid, openedUtack) < 0);
            Assert.Equal(new byte[Utack.MacedSize], openedUtack);   // nothing acknowledged
            Assert.Throws<ArgumentException>(() => UsmpCrypto.SealFrame(frame, 0, 0x05, 7u, key, sid, null, 0, 0, new byte[14]));
            Assert.Throws<ArgumentNullException>(() => UsmpCrypto.OpenFrame(opened, 0, frame, 0, len, key, sid, null));
        }

        [Fact]
        public void SealFrame_NullPlaintextWithZeroLength_SealsAnEmptyFrame()
        {
            var frame = new byte[64];
            int len = UsmpCrypto.SealFrame(frame, 0, 0x10, 1u, Filled(32, 1), Filled(16, 2), null, 0, 0);
            Assert.Equal(UsmpConstants.SealedFrameOverhead, len);
            var opened = new byte[8];
            Assert.Equal(0, UsmpCrypto.OpenFrame(opened, 0, frame, 0, len, Filled(32, 1), Filled(16, 2)));
        }

        [Fact]
        public void OpenFrame_TamperedCiphertext_ReturnsAuthFailed_AndZeroesPlaintext()
        {
            byte[] key = Filled(32, 0x40);
            byte[] sid = Filled(16, 0x90);
            var frame = new byte[UsmpConstants.MaxFrame];
            int len = UsmpCrypto.SealFrame(frame, 0, 0x10, 5u, key, sid, Filled(32, 1), 0, 32);
            frame[UsmpConstants.HeaderSize + 12 + 3] ^= 0x80; // a ciphertext byte: CRC now fails first
            // fix the CRC so the frame reaches the tag check
            ushort crc = CrcOver(frame, len);
            frame[10] = (byte)crc;
            frame[11] = (byte)(crc >> 8);
            var opened = new byte[UsmpConstants.MaxPlaintext];
            for (int i = 0; i < opened.Length; i++) opened[i] = 0xEE;
            Assert.Equal((int)NativeStatus.AuthFailed, UsmpCrypto.OpenFrame(opened, 0, frame, 0, len, key, sid));
            Assert.Equal(new byte[opened.Length], opened);
        }

        [Fact]
        public void OpenFrame_FlippedByteWithoutCrcFix_IsBadCrc()
        {
            byte[] key = Filled(32, 3);
            byte[] sid = Filled(16, 4);
            var frame = new byte[UsmpConstants.MaxFrame];
            int len = UsmpCrypto.SealFrame(frame, 0, 0x10, 9u, key, sid, Filled(10, 1), 0, 10);
            frame[len - 1] ^= 1;
            var opened = new byte[UsmpConstants.MaxPlaintext];
            Assert.Equal((int)NativeStatus.BadCrc, UsmpCrypto.OpenFrame(opened, 0, frame, 0, len, key, sid));
        }

        [Fact]
        public void OpenFrame_ShortFrame_IsMalformed_NotAnException()
        {
            var opened = new byte[UsmpConstants.MaxPlaintext];
            Assert.Equal((int)NativeStatus.Malformed, UsmpCrypto.OpenFrame(opened, 0, new byte[39], 0, 39, Filled(32, 1), Filled(16, 1)));
        }

        // Frame layout §1: CRC-16 over header bytes 0-9 || payload, stored LE at bytes 10-11.
        private static ushort CrcOver(byte[] frame, int len)
        {
            var data = new byte[len - 2];
            Array.Copy(frame, 0, data, 0, 10);
            Array.Copy(frame, 12, data, 10, len - 12);
            return UsmpCrypto.Crc16(data, 0, data.Length);
        }

        [Fact]
        public void ArgumentValidation_ThrowsBeforeNative()
        {
            NativeCallStats.Reset();
            Assert.Throws<ArgumentNullException>(() => UsmpCrypto.X25519(null, new byte[32], new byte[32]));
            Assert.Throws<ArgumentException>(() => UsmpCrypto.X25519(new byte[31], new byte[32], new byte[32]));
            Assert.Throws<ArgumentException>(() => ServerCrypto.ServerProof(new byte[32], new byte[15], new byte[32], new byte[16], new byte[32], new byte[32]));
            Assert.Throws<ArgumentException>(() => UsmpCrypto.FillRandom(new byte[4], 2, 3));
            Assert.Throws<ArgumentException>(() => UsmpCrypto.SealFrame(new byte[40], 1, 0x10, 0u, new byte[32], new byte[16], null, 0, 0));
            Assert.Throws<ArgumentException>(() => UsmpCrypto.SealFrame(new byte[600], 0, 0x10, 0u, new byte[32], new byte[16], new byte[453], 0, 453));
            Assert.Throws<ArgumentException>(() => UsmpCrypto.UtackMac(new byte[14], 0, new byte[32]));
            Assert.Equal(0, NativeCallStats.Calls);
        }

        [Fact]
        public void Crc16_Modbus_CheckValue()
        {
            byte[] data = System.Text.Encoding.ASCII.GetBytes("123456789");
            Assert.Equal(0x4B37, UsmpCrypto.Crc16(data, 0, data.Length));
        }
    }
}
