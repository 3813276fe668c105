// UdpDatagram: the §8 size checks and duplicate rules ("shorter than 12 bytes, bad magic, length > 480, size not
// exactly 12 + length -> drop without a UTACK"). Frame: handshake-transcript-udp.json datagrams[2].
using nanoFramework.TestFramework;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class UdpDatagramTests
    {
        // Source: handshake-transcript-udp.json datagrams[2], HELLO_RETRY (28 bytes).
        private const string HelloRetry = "cdab020a000000001000e95ec90d5da62b37fc6eb4930aad6df0f7c1";

        [TestMethod]
        public void Transcript_frame_passes()
        {
            byte[] d = TestHex.Decode(HelloRetry);
            Assert.IsTrue(UdpDatagram.PassesSizeChecks(d, 0, d.Length));
            Assert.AreEqual((byte)0x0A, (byte)FrameHeader.ReadType(d, 0));
            Assert.AreEqual(0u, FrameHeader.ReadSeq(d, 0));
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(11)]
        [DataRow(27)]
        public void Usmp_s8_short_or_truncated_datagram_fails(int length)
        {
            byte[] d = TestHex.Decode(HelloRetry);
            Assert.IsFalse(UdpDatagram.PassesSizeChecks(d, 0, length));
        }

        [TestMethod]
        public void Usmp_s8_trailing_byte_fails()
        {
            byte[] d = new byte[29];
            byte[] frame = TestHex.Decode(HelloRetry);
            System.Array.Copy(frame, d, frame.Length);
            Assert.IsFalse(UdpDatagram.PassesSizeChecks(d, 0, 29));
        }

        [TestMethod]
        public void Usmp_s8_bad_magic_fails()
        {
            byte[] d = TestHex.Decode(HelloRetry);
            d[0] = 0xAC;
            d[1] = 0xAC;
            Assert.IsFalse(UdpDatagram.PassesSizeChecks(d, 0, d.Length));
        }

        [TestMethod]
        public void Usmp_s8_declared_length_over_480_fails_even_when_the_size_matches()
        {
            byte[] d = new byte[12 + 481];
            d[0] = 0xCD;
            d[1] = 0xAB;
            d[8] = 481 & 0xFF;
            d[9] = 481 >> 8;
            Assert.IsFalse(UdpDatagram.PassesSizeChecks(d, 0, d.Length));
            d[8] = 480 & 0xFF;
            Assert.IsTrue(UdpDatagram.PassesSizeChecks(d, 0, d.Length - 1), "480 is the maximum");
        }

        [TestMethod]
        public void Usmp_s8_client_duplicates()
        {
            Assert.IsFalse(UdpDatagram.IsClientDuplicate(0x02, 0, false), "the first CHALLENGE");
            Assert.IsTrue(UdpDatagram.IsClientDuplicate(0x02, 0x02, false), "the same type again");
            Assert.IsTrue(UdpDatagram.IsClientDuplicate(0x0A, 0x02, false), "HELLO_RETRY after any handshake frame");
            Assert.IsFalse(UdpDatagram.IsClientDuplicate(0x0A, 0, false), "the first HELLO_RETRY");
            Assert.IsFalse(UdpDatagram.IsClientDuplicate(0x04, 0x02, false), "SESSION_OK after CHALLENGE");
            Assert.IsTrue(UdpDatagram.IsClientDuplicate(0x02, 0x04, true), "CHALLENGE after SESSION_OK");
            Assert.IsFalse(UdpDatagram.IsClientDuplicate(0x02, 0x0A, false), "CHALLENGE after HELLO_RETRY");
        }

        [TestMethod]
        public void Usmp_s8_server_duplicates()
        {
            Assert.IsFalse(UdpDatagram.IsServerDuplicate(0x01, 0), "the first HELLO");
            Assert.IsTrue(UdpDatagram.IsServerDuplicate(0x01, 0x01), "HELLO again");
            Assert.IsFalse(UdpDatagram.IsServerDuplicate(0x03, 0x01), "HELLO_ACK after HELLO");
            Assert.IsTrue(UdpDatagram.IsServerDuplicate(0x01, 0x03), "a late HELLO after HELLO_ACK");
        }

        [TestMethod]
        public void Usmp_s8_handshake_types()
        {
            Assert.IsTrue(PacketTypes.IsHandshake(0x01));
            Assert.IsTrue(PacketTypes.IsHandshake(0x04));
            Assert.IsTrue(PacketTypes.IsHandshake(0x0A));
            Assert.IsFalse(PacketTypes.IsHandshake(0x05));
            Assert.IsFalse(PacketTypes.IsHandshake(0x0B));
        }
    }
}
