// TcpFrameReader: §1 stream reassembly, the one TCP frame reader of the device and the gateway.
// The stream is the server->client side of tests/vectors/data/handshake-transcript.json
// (CHALLENGE, SESSION_OK, 3 DATA, PONG) back to back. Received one byte at a time and in random
// chunk sizes (xorshift32, fixed seeds), it must yield exactly the frames of a one-shot receive,
// each where it lies in the reader's buffer; a bad magic or a declared length > 480 is reported
// (BadMagic / BadLength) as soon as the 12-byte header is there.
using System;
using nanoFramework.TestFramework;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class TcpFrameReaderTests
    {
        // Source: tests/vectors/data/handshake-transcript.json, frames[1,3,5,7,9,11] bytes_hex.
        private static readonly string[] ServerFrames = new string[]
        {
            "cdab0202000000004000792c000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                + "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
            "cdab020400000000300062a6a0a1a2a3a4a5a6a7a8a9aaabacadaeaf20ae2d8f41e4e20840380aa67a2cbc1d"
                + "b4deacb9080b0c0b78ffc771c808b942",
            "cdab0205000000002d0076d900000000a0a1a2a3a4a5a6a76d6b156defe443206ebeb878143f09b991c86fb3"
                + "f45288f50dde72e47303000447",
            "cdab0205010000002a00035801000000a0a1a2a3a4a5a6a7792c1b63b841c304687c1e9538dfa95c26ca99ee"
                + "fb7fb45df7e4612ba033",
            "cdab0205020000001c00edcf02000000a0a1a2a3a4a5a6a7d74a1e5d7a604ff69c4ef33db5a35a2d",
            "cdab0207030000001c00e4ef03000000a0a1a2a3a4a5a6a7b1bb1955e1d9d93e718309a57e3297bf",
        };

        private const int Capacity = 2 * 492;

        [TestMethod]
        public void Transcript_stream_in_one_shot_yields_every_frame()
        {
            AssertFrames(ReceiveInChunks(Stream(), 0));
        }

        [TestMethod]
        public void Transcript_stream_one_byte_at_a_time_yields_the_same_frames()
        {
            AssertFrames(ReceiveInChunks(Stream(), 1));
        }

        [TestMethod]
        [DataRow(1u)]
        [DataRow(7u)]
        [DataRow(1234567u)]
        [DataRow(0xC0FFEEu)]
        public void Transcript_stream_in_random_chunks_yields_the_same_frames(uint seed)
        {
            byte[] stream = Stream();
            TestPrng prng = new TestPrng(seed);
            TcpFrameReader reader = new TcpFrameReader(Capacity);
            byte[][] frames = new byte[ServerFrames.Length][];
            int found = 0;
            int position = 0;
            while (position < stream.Length)
            {
                int chunk = 1 + prng.Next(100);
                if (chunk > stream.Length - position)
                {
                    chunk = stream.Length - position;
                }
                found = ReceiveChunk(reader, stream, position, chunk, frames, found);
                position += chunk;
            }
            Assert.AreEqual(ServerFrames.Length, found);
            Assert.IsFalse(reader.IsMidFrame);
            AssertFrames(frames);
        }

        [TestMethod]
        public void Frames_of_one_receive_are_handed_out_where_they_lie()
        {
            byte[] stream = Stream();
            TcpFrameReader reader = new TcpFrameReader(Capacity);
            int at = reader.MakeRoom();
            int first = ServerFrames[0].Length / 2;
            int second = ServerFrames[1].Length / 2;
            Array.Copy(stream, 0, reader.Buffer, at, first + second);
            reader.Received(first + second);
            int frameOffset;
            Assert.AreEqual(first, reader.NextFrame(out frameOffset));
            Assert.AreEqual(at, frameOffset);
            Assert.AreEqual(second, reader.NextFrame(out frameOffset));
            Assert.AreEqual(at + first, frameOffset, "the second frame is read in place, not copied to the front");
            Assert.AreEqual(TcpFrameReader.NeedMore, reader.NextFrame(out frameOffset));
        }

        [TestMethod]
        public void Partial_frame_is_reported_as_mid_frame()
        {
            TcpFrameReader reader = new TcpFrameReader(Capacity);
            byte[] frame = TestHex.Decode(ServerFrames[4]);
            Receive(reader, frame, 0, 5);
            Assert.AreEqual(TcpFrameReader.NeedMore, NextFrame(reader));
            Assert.IsTrue(reader.IsMidFrame);
            Receive(reader, frame, 5, frame.Length - 5);
            Assert.AreEqual(frame.Length, NextFrame(reader));
            Assert.IsFalse(reader.IsMidFrame);
        }

        [TestMethod]
        public void An_incomplete_frame_near_the_end_moves_to_the_front()
        {
            TcpFrameReader reader = new TcpFrameReader(Capacity);
            byte[] big = new byte[12 + 480];
            big[0] = 0xCD;
            big[1] = 0xAB;
            big[8] = 480 & 0xFF;
            big[9] = 480 >> 8;
            byte[] frame = TestHex.Decode(ServerFrames[4]);
            Receive(reader, big, 0, big.Length);
            Receive(reader, frame, 0, 20);          // lands at 492, right behind the big frame
            int frameOffset;
            Assert.AreEqual(big.Length, reader.NextFrame(out frameOffset));
            Assert.AreEqual(TcpFrameReader.NeedMore, reader.NextFrame(out frameOffset));
            Assert.AreEqual(20, reader.MakeRoom(), "the 20 bytes moved to the front");
            Receive(reader, frame, 20, frame.Length - 20);
            Assert.AreEqual(frame.Length, reader.NextFrame(out frameOffset));
            Assert.AreEqual(0, frameOffset);
            CollectionAssert.AreEqual(frame, TestHex.Slice(reader.Buffer, 0, frame.Length));
        }

        [TestMethod]
        public void Empty_payload_frame_completes_at_the_header()
        {
            // A 12-byte frame with length 0 (a header-only frame): complete as soon as the header is.
            byte[] header = TestHex.Decode("cdab02050000000000000000");
            TcpFrameReader reader = new TcpFrameReader(Capacity);
            Receive(reader, header, 0, header.Length);
            Assert.AreEqual(12, NextFrame(reader));
        }

        [TestMethod]
        public void Usmp_s1_bad_magic_is_reported_and_the_reader_reset()
        {
            byte[] frame = TestHex.Decode(ServerFrames[4]);
            frame[1] = 0xAA;
            TcpFrameReader reader = new TcpFrameReader(Capacity);
            Receive(reader, frame, 0, frame.Length);
            Assert.AreEqual(TcpFrameReader.BadMagic, NextFrame(reader));
            Assert.IsFalse(reader.IsMidFrame, "reset after the error");
        }

        [TestMethod]
        public void Usmp_s1_bad_magic_byte_by_byte_is_reported_at_the_twelfth_byte()
        {
            byte[] frame = TestHex.Decode(ServerFrames[4]);
            frame[0] = 0x00;
            TcpFrameReader reader = new TcpFrameReader(Capacity);
            for (int i = 0; i < 11; i++)
            {
                Receive(reader, frame, i, 1);
                Assert.AreEqual(TcpFrameReader.NeedMore, NextFrame(reader));
            }
            Receive(reader, frame, 11, 1);
            Assert.AreEqual(TcpFrameReader.BadMagic, NextFrame(reader));
        }

        [TestMethod]
        [DataRow(481)]
        [DataRow(0xFFFF)]
        public void Usmp_s1_declared_length_over_480_is_reported_before_the_payload(int declared)
        {
            byte[] frame = TestHex.Decode(ServerFrames[4]);
            frame[8] = (byte)declared;
            frame[9] = (byte)(declared >> 8);
            TcpFrameReader reader = new TcpFrameReader(Capacity);
            Receive(reader, frame, 0, 12);
            Assert.AreEqual(TcpFrameReader.BadLength, NextFrame(reader));
        }

        [TestMethod]
        public void Usmp_s1_declared_length_480_is_accepted()
        {
            byte[] frame = new byte[12 + 480];
            frame[0] = 0xCD;
            frame[1] = 0xAB;
            frame[2] = 0x02;
            frame[3] = 0x05;
            frame[8] = 480 & 0xFF;
            frame[9] = 480 >> 8;
            TcpFrameReader reader = new TcpFrameReader(Capacity);
            Receive(reader, frame, 0, frame.Length);
            Assert.AreEqual(frame.Length, NextFrame(reader));
        }

        [TestMethod]
        public void Bad_arguments_throw_argument_exceptions()
        {
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new TcpFrameReader(2 * 492 - 1));
            TcpFrameReader reader = new TcpFrameReader(Capacity);
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => reader.Received(Capacity + 1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => reader.Received(-1));
        }

        private static byte[] Stream()
        {
            int total = 0;
            for (int i = 0; i < ServerFrames.Length; i++)
            {
                total += ServerFrames[i].Length / 2;
            }
            byte[] stream = new byte[total];
            int at = 0;
            for (int i = 0; i < ServerFrames.Length; i++)
            {
                byte[] frame = TestHex.Decode(ServerFrames[i]);
                Array.Copy(frame, 0, stream, at, frame.Length);
                at += frame.Length;
            }
            return stream;
        }

        private static int NextFrame(TcpFrameReader reader)
        {
            int frameOffset;
            return reader.NextFrame(out frameOffset);
        }

        // As a socket would: bytes land at MakeRoom(), at most as many as fit.
        private static int Receive(TcpFrameReader reader, byte[] data, int offset, int count)
        {
            int at = reader.MakeRoom();
            int take = count < reader.Buffer.Length - at ? count : reader.Buffer.Length - at;
            Array.Copy(data, offset, reader.Buffer, at, take);
            reader.Received(take);
            return take;
        }

        // chunk 0 = the whole stream at once.
        private static byte[][] ReceiveInChunks(byte[] stream, int chunk)
        {
            TcpFrameReader reader = new TcpFrameReader(Capacity);
            byte[][] frames = new byte[ServerFrames.Length][];
            int found = 0;
            int size = chunk == 0 ? stream.Length : chunk;
            for (int position = 0; position < stream.Length; position += size)
            {
                int count = size < stream.Length - position ? size : stream.Length - position;
                found = ReceiveChunk(reader, stream, position, count, frames, found);
            }
            Assert.AreEqual(ServerFrames.Length, found);
            return frames;
        }

        private static int ReceiveChunk(TcpFrameReader reader, byte[] stream, int offset, int count, byte[][] frames, int found)
        {
            while (count > 0)
            {
                int used = Receive(reader, stream, offset, count);
                offset += used;
                count -= used;
                int length;
                int frameOffset;
                while ((length = reader.NextFrame(out frameOffset)) > 0)
                {
                    frames[found++] = TestHex.Slice(reader.Buffer, frameOffset, length);
                }
            }
            return found;
        }

        private static void AssertFrames(byte[][] frames)
        {
            for (int i = 0; i < ServerFrames.Length; i++)
            {
                CollectionAssert.AreEqual(TestHex.Decode(ServerFrames[i]), frames[i], "frame " + i.ToString());
            }
        }
    }
}
