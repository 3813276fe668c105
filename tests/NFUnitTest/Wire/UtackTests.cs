// Utack: the §8 UTACK format and MAC. Vectors: tests/vectors/data/c_golden_vectors.json (UDP UTACK
// MAC, key 01..20, acac0507000000 -> 4079b9599a160b87) and the UTACK datagrams of
// tests/vectors/data/handshake-transcript-udp.json.
using nanoFramework.TestFramework;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class UtackTests
    {
        // Source: c_golden_vectors.json, UTACK MAC group (from metaloomlabs/usmp core/tests/test_golden.c).
        private const string GoldenKey = "0102030405060708090a0b0c0d0e0f10"
                                       + "1112131415161718191a1b1c1d1e1f20";
        private const string GoldenUtack = "acac0507000000";
        private const string GoldenMac = "4079b9599a160b87";

        // Source: handshake-transcript-udp.json inputs/derived.
        private const string KC2s = "05e88872c96a7a2c1bf3e048fe4338f2"
                                  + "15c5921578187b127470d9b26023631a";
        private const string KS2c = "913dea2fa8a045700d8aa474878b827a"
                                  + "348677255ace5480b9326d09f3cdde76";

        [TestMethod]
        public void C_golden_vector_utack_mac()
        {
            byte[] output = new byte[Utack.MacedSize];
            int size = Utack.Write(output, 0, 0x05, 7, TestHex.Decode(GoldenKey));
            Assert.AreEqual(15, size);
            CollectionAssert.AreEqual(TestHex.Decode(GoldenUtack + GoldenMac), output);
        }

        [TestMethod]
        public void Transcript_udp_datagram_13_server_utack_for_client_data_seq0()
        {
            // datagrams[13]: acac05000000007a9d12ac533195b7, MAC key k_c2s (the server's rx key)
            byte[] output = new byte[Utack.MacedSize];
            Assert.AreEqual(15, Utack.Write(output, 0, 0x05, 0, TestHex.Decode(KC2s)));
            CollectionAssert.AreEqual(TestHex.Decode("acac05000000007a9d12ac533195b7"), output);
        }

        [TestMethod]
        public void Transcript_udp_datagram_27_client_utack_for_pong_seq3()
        {
            // datagrams[27]: acac070300000012f2bdd9d73ff4f8, MAC key k_s2c (the client's rx key)
            byte[] output = new byte[Utack.MacedSize];
            Assert.AreEqual(15, Utack.Write(output, 0, 0x07, 3, TestHex.Decode(KS2c)));
            CollectionAssert.AreEqual(TestHex.Decode("acac070300000012f2bdd9d73ff4f8"), output);
        }

        [TestMethod]
        public void Transcript_udp_handshake_utacks_are_plain_7_bytes()
        {
            // datagrams[3] (client acks HELLO_RETRY) and [11] (client acks SESSION_OK)
            byte[] output = new byte[Utack.MacedSize];
            Assert.AreEqual(7, Utack.Write(output, 0, 0x0A, 0, null));
            CollectionAssert.AreEqual(TestHex.Decode("acac0a00000000"), TestHex.Slice(output, 0, 7));
            Assert.AreEqual(7, Utack.Write(output, 0, 0x04, 0, TestHex.Decode(KS2c)), "types < 5 never carry a MAC");
            CollectionAssert.AreEqual(TestHex.Decode("acac0400000000"), TestHex.Slice(output, 0, 7));
        }

        [TestMethod]
        public void Matches_accepts_the_transcript_utack_under_the_senders_tx_key()
        {
            byte[] datagram = TestHex.Decode("acac05000000007a9d12ac533195b7");
            // The client sent DATA seq 0 with k_c2s (its tx key) and checks the UTACK with it.
            Assert.IsTrue(Utack.Matches(datagram, 0, datagram.Length, 0x05, 0, TestHex.Decode(KC2s)));
        }

        [TestMethod]
        public void Matches_rejects_wrong_type_seq_mac_or_missing_mac()
        {
            byte[] key = TestHex.Decode(KC2s);
            byte[] datagram = TestHex.Decode("acac05000000007a9d12ac533195b7");
            Assert.IsFalse(Utack.Matches(datagram, 0, datagram.Length, 0x06, 0, key), "type");
            Assert.IsFalse(Utack.Matches(datagram, 0, datagram.Length, 0x05, 1, key), "seq");
            Assert.IsFalse(Utack.Matches(datagram, 0, 7, 0x05, 0, key), "session-phase UTACK without MAC");
            Assert.IsFalse(Utack.Matches(datagram, 0, datagram.Length, 0x05, 0, TestHex.Decode(KS2c)), "wrong key");
            for (int i = 7; i < 15; i++)
            {
                byte[] forged = TestHex.Decode("acac05000000007a9d12ac533195b7");
                forged[i] ^= 0x01;
                Assert.IsFalse(Utack.Matches(forged, 0, forged.Length, 0x05, 0, key), "MAC byte " + i.ToString());
            }
            byte[] badMagic = TestHex.Decode("acad05000000007a9d12ac533195b7");
            Assert.IsFalse(Utack.Matches(badMagic, 0, badMagic.Length, 0x05, 0, key), "magic");
        }

        [TestMethod]
        public void Matches_handshake_utack_needs_no_mac()
        {
            byte[] datagram = TestHex.Decode("acac0302000000");
            Assert.IsTrue(Utack.Matches(datagram, 0, 7, 0x03, 2, null));
            Assert.IsTrue(Utack.Matches(datagram, 0, 7, 0x03, 2, TestHex.Decode(KC2s)));
            Assert.IsFalse(Utack.Matches(datagram, 0, 6, 0x03, 2, null), "short");
        }

        [TestMethod]
        public void LooksLikeUtack_tells_utacks_from_frames()
        {
            Assert.IsTrue(Utack.LooksLikeUtack(TestHex.Decode("acac0302000000"), 0, 7));
            Assert.IsFalse(Utack.LooksLikeUtack(TestHex.Decode("cdab0203"), 0, 4));
            Assert.IsFalse(Utack.LooksLikeUtack(TestHex.Decode("ac"), 0, 1));
        }
    }
}
