// One native call per UDP frame (issue 12): the open writes the UTACK for a frame it authenticated,
// the seal keeps the UTACK the peer must send, and a receipt is a constant-time compare with it
// (Session.UtackMatches, Utack.Equal). The bytes on the wire are the §8 ones (Utack.Write with
// the key that sealed / opened the frame), nothing unauthenticated is acknowledged, and a receipt
// for an older frame than the last one sealed still verifies by its MAC.
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class UtackInOneCallTests
    {
        private static Session Client()
        {
            SessionKeys keys = SessionKeys.ForClient(Bytes.FromHex(HandshakeTranscript.KC2s), Bytes.FromHex(HandshakeTranscript.KS2c), Bytes.FromHex(HandshakeTranscript.SessionId));
            return new Session(keys, true, new FixedRandomSource(new byte[] { 0x31 }), new ManualClock());
        }

        private static Session Server()
        {
            SessionKeys keys = SessionKeys.ForServer(Bytes.FromHex(HandshakeTranscript.KC2s), Bytes.FromHex(HandshakeTranscript.KS2c), Bytes.FromHex(HandshakeTranscript.SessionId));
            return new Session(keys, true, new FixedRandomSource(new byte[] { 0x27 }), new ManualClock());
        }

        private static byte[] Expected(byte type, uint seq, string key)
        {
            byte[] utack = new byte[Utack.MacedSize];
            Utack.Write(utack, 0, type, seq, Bytes.FromHex(key));
            return utack;
        }

        [TestMethod]
        public void The_UTACK_the_open_writes_is_the_s8_UTACK_under_the_senders_tx_key()
        {
            Session server = Server();
            Session client = Client();
            FrameRecorder toClient = new FrameRecorder();
            FrameRecorder toServer = new FrameRecorder();
            server.Send(new byte[] { 1, 2, 3 }, 0, 3, toClient);
            server.Send(new byte[] { 4 }, 0, 1, toClient);
            Assert.AreEqual((int)SessionEvent.Message, (int)client.Accept(toClient[0], 0, toClient[0].Length, toServer));
            Assert.AreEqual((int)SessionEvent.Message, (int)client.Accept(toClient[1], 0, toClient[1].Length, toServer));
            Assert.AreEqual(2, toServer.UtackCount);
            CollectionAssert.AreEqual(Expected((byte)PacketType.Data, 0, HandshakeTranscript.KS2c), toServer.Utack(0));
            CollectionAssert.AreEqual(Expected((byte)PacketType.Data, 1, HandshakeTranscript.KS2c), toServer.Utack(1));
        }

        [TestMethod]
        public void A_frame_that_does_not_open_gets_no_UTACK_and_the_next_one_its_own()
        {
            Session server = Server();
            Session client = Client();
            FrameRecorder toClient = new FrameRecorder();
            FrameRecorder toServer = new FrameRecorder();
            server.Send(new byte[] { 9 }, 0, 1, toClient);
            byte[] forged = Bytes.Slice(toClient[0], 0, toClient[0].Length);
            forged[forged.Length - 1] ^= 0x01;   // a tag byte: whether the CRC or the tag catches it, it must not open
            Assert.AreEqual((int)SessionEvent.Dropped, (int)client.Accept(forged, 0, forged.Length, toServer));
            Assert.AreEqual(0, toServer.UtackCount);
            Assert.AreEqual((int)SessionEvent.Message, (int)client.Accept(toClient[0], 0, toClient[0].Length, toServer));
            Assert.AreEqual(1, toServer.UtackCount);
            CollectionAssert.AreEqual(Expected((byte)PacketType.Data, 0, HandshakeTranscript.KS2c), toServer.Utack(0));
        }

        [TestMethod]
        public void The_receipt_for_the_frame_just_sealed_matches_only_byte_for_byte()
        {
            Session client = Client();
            Session server = Server();
            FrameRecorder toServer = new FrameRecorder();
            FrameRecorder toClient = new FrameRecorder();
            client.Send(new byte[] { 7, 7 }, 0, 2, toServer);
            Assert.AreEqual((int)SessionEvent.Message, (int)server.Accept(toServer[0], 0, toServer[0].Length, toClient));
            byte[] utack = toClient.Utack(0);
            byte data = (byte)PacketType.Data;
            Assert.IsTrue(client.UtackMatches(utack, 0, utack.Length, data, 0, client.TxEpoch));
            for (int bit = 0; bit < Utack.MacedSize * 8; bit++)
            {
                byte[] flipped = Bytes.Slice(utack, 0, utack.Length);
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.IsFalse(client.UtackMatches(flipped, 0, flipped.Length, data, 0, client.TxEpoch), "bit " + bit.ToString());
            }
            Assert.IsFalse(client.UtackMatches(utack, 0, Utack.PlainSize, data, 0, client.TxEpoch), "the MAC is missing");
            Assert.IsFalse(client.UtackMatches(utack, 0, utack.Length, data, 1, client.TxEpoch), "another seq");
            Assert.IsFalse(client.UtackMatches(utack, 0, utack.Length, data, 0, client.TxEpoch + 1), "another key epoch");
        }

        [TestMethod]
        public void A_receipt_for_an_older_frame_still_verifies_by_its_MAC()
        {
            Session client = Client();
            Session server = Server();
            FrameRecorder toServer = new FrameRecorder();
            FrameRecorder toClient = new FrameRecorder();
            client.Send(new byte[] { 1 }, 0, 1, toServer);
            client.Send(new byte[] { 2 }, 0, 1, toServer);   // the seal now keeps seq 1's receipt
            server.Accept(toServer[0], 0, toServer[0].Length, toClient);
            byte[] first = toClient.Utack(0);
            Assert.IsTrue(client.UtackMatches(first, 0, first.Length, (byte)PacketType.Data, 0, client.TxEpoch));
            first[Utack.MacedSize - 1] ^= 0x80;
            Assert.IsFalse(client.UtackMatches(first, 0, first.Length, (byte)PacketType.Data, 0, client.TxEpoch));
        }

        [TestMethod]
        public void The_receipt_kept_for_the_last_frame_is_wiped_at_a_key_epoch_swap_and_at_close()
        {
            Session client = Client();
            Session server = Server();
            FrameRecorder toServer = new FrameRecorder();
            FrameRecorder toClient = new FrameRecorder();
            client.Send(new byte[] { 1 }, 0, 1, toServer);
            Assert.IsFalse(Bytes.AllZero(client.Receipt), "the seal wrote the receipt");
            client.Rekey(toServer);
            Assert.IsTrue(Bytes.AllZero(client.Receipt), "wiped when the REKEY swapped epochs");
            server.Accept(toServer[0], 0, toServer[0].Length, toClient);
            server.Accept(toServer[1], 0, toServer[1].Length, toClient);
            byte[] rekeyUtack = toClient.Utack(1);
            Assert.IsTrue(client.UtackMatches(rekeyUtack, 0, rekeyUtack.Length, (byte)PacketType.Rekey, 1, 0), "the REKEY's receipt still verifies by its MAC, under epoch 0");
            Assert.IsFalse(client.UtackMatches(rekeyUtack, 0, rekeyUtack.Length, (byte)PacketType.Rekey, 1), "not as the frame in flight under epoch 1");
            client.Send(new byte[] { 2 }, 0, 1, toServer);
            Assert.IsFalse(Bytes.AllZero(client.Receipt));
            client.Close();
            Assert.IsTrue(Bytes.AllZero(client.Receipt), "wiped by Close");
        }

        [TestMethod]
        public void The_ARQ_check_takes_the_frame_in_flight_and_handshake_frames_plain()
        {
            Session client = Client();
            Session server = Server();
            FrameRecorder toServer = new FrameRecorder();
            FrameRecorder toClient = new FrameRecorder();
            client.Send(new byte[] { 1 }, 0, 1, toServer);
            server.Accept(toServer[0], 0, toServer[0].Length, toClient);
            byte[] utack = toClient.Utack(0);
            Assert.IsTrue(client.UtackMatches(utack, 0, utack.Length, (byte)PacketType.Data, 0));
            utack[Utack.MacedSize - 1] ^= 0x01;
            Assert.IsFalse(client.UtackMatches(utack, 0, utack.Length, (byte)PacketType.Data, 0), "a flipped MAC bit");
            byte[] plain = new byte[Utack.PlainSize];
            Utack.Write(plain, 0, (byte)PacketType.SessionOk, 0, null);
            Assert.IsTrue(client.UtackMatches(plain, 0, plain.Length, (byte)PacketType.SessionOk, 0), "a handshake frame: plain");
            Utack.Write(plain, 0, (byte)PacketType.Data, 0, null);
            Assert.IsFalse(client.UtackMatches(plain, 0, plain.Length, (byte)PacketType.Data, 0), "a session frame: never plain");
            client.Close();
            utack[Utack.MacedSize - 1] ^= 0x01;
            Assert.IsFalse(client.UtackMatches(utack, 0, utack.Length, (byte)PacketType.Data, 0), "nothing after Close");
        }

        [TestMethod]
        public void Equal_compares_all_15_bytes_and_the_length()
        {
            byte[] expected = Expected(5, 0x01020304, HandshakeTranscript.KC2s);
            byte[] datagram = new byte[20];
            System.Array.Copy(expected, 0, datagram, 3, expected.Length);
            Assert.IsTrue(Utack.Equal(datagram, 3, Utack.MacedSize, expected));
            Assert.IsFalse(Utack.Equal(datagram, 3, Utack.MacedSize + 1, expected));
            Assert.IsFalse(Utack.Equal(datagram, 3, Utack.MacedSize - 1, expected));
            datagram[3 + 14] ^= 1;
            Assert.IsFalse(Utack.Equal(datagram, 3, Utack.MacedSize, expected));
        }
    }
}
