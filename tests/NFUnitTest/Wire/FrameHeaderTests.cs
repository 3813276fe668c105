// FrameHeader (firmware/Usmp/Wire/FrameHeader.cs) against tests/vectors/data/golden_vectors.json
// (frame_cases, aad_cases, crc_cases) and the transcript's handshake frames, plus every refusal
// of spec §1/§2 with its typed exception and the boundary lengths 0, 1, 451, 452, 453, 480, 481.
using System;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class FrameHeaderTests
    {
        [TestMethod]
        public void GoldenFrames_WriteReproducesEveryFrame()
        {
            for (int i = 0; i < GoldenVectors.FrameExpected.Length; i++)
            {
                byte[] payload = Bytes.FromHex(GoldenVectors.FramePayloads[i]);
                byte[] frame = new byte[UsmpConstants.HeaderSize + payload.Length];
                FrameHeader.Write(frame, 0, (PacketType)GoldenVectors.FrameTypes[i], GoldenVectors.FrameSeqs[i], payload.Length);
                Array.Copy(payload, 0, frame, UsmpConstants.HeaderSize, payload.Length);
                FrameHeader.WriteCrc(frame, 0);
                CollectionAssert.AreEqual(Bytes.FromHex(GoldenVectors.FrameExpected[i]), frame, "golden frame_cases " + i.ToString());
            }
        }

        [TestMethod]
        public void GoldenFrames_DecodeWithCrc()
        {
            for (int i = 0; i < GoldenVectors.FrameExpected.Length; i++)
            {
                byte[] frame = Bytes.FromHex(GoldenVectors.FrameExpected[i]);
                Assert.AreEqual((byte)GoldenVectors.FrameTypes[i], (byte)FrameHeader.Decode(frame, 0, frame.Length, true));
                Assert.AreEqual(GoldenVectors.FrameSeqs[i], FrameHeader.ReadSeq(frame, 0));
                Assert.AreEqual(frame.Length - 12, FrameHeader.ReadLength(frame, 0));
            }
        }

        [TestMethod]
        public void GoldenAad_IsHeaderBytes0To9()
        {
            for (int i = 0; i < GoldenVectors.AadExpected.Length; i++)
            {
                byte[] header = new byte[UsmpConstants.HeaderSize];
                FrameHeader.Write(header, 0, (PacketType)GoldenVectors.AadTypes[i], GoldenVectors.AadSeqs[i], GoldenVectors.AadLengths[i]);
                CollectionAssert.AreEqual(Bytes.FromHex(GoldenVectors.AadExpected[i]), Bytes.Slice(header, 0, 10), "golden aad_cases " + i.ToString());
            }
        }

        [TestMethod]
        public void TranscriptHandshakeFrames_CrcAndDecode()
        {
            string[] frames = new string[]
            {
                HandshakeTranscript.HelloFrame, HandshakeTranscript.ChallengeFrame,
                HandshakeTranscript.HelloAckFrame, HandshakeTranscript.SessionOkFrame,
                HandshakeTranscriptUdp.HelloRetryFrame, HandshakeTranscriptUdp.HelloWithCookieFrame
            };
            for (int i = 0; i < frames.Length; i++)
            {
                byte[] frame = Bytes.FromHex(frames[i]);
                byte[] copy = Bytes.FromHex(frames[i]);
                Assert.AreEqual((int)FrameStatus.Ok, (int)FrameHeader.TryDecode(frame, 0, frame.Length, true), "transcript frame " + i.ToString());
                Assert.AreEqual(FrameHeader.ReadCrc(frame, 0), FrameHeader.ComputeCrc(frame, 0));
                CollectionAssert.AreEqual(copy, frame, "ComputeCrc must leave the buffer unchanged");
            }
        }

        [TestMethod]
        public void DecodeAtOffset_InsideLargerBuffer()
        {
            byte[] frame = Bytes.FromHex(HandshakeTranscript.HelloFrame);
            byte[] buffer = new byte[frame.Length + 9];
            Array.Copy(frame, 0, buffer, 5, frame.Length);
            Assert.AreEqual((byte)PacketType.Hello, (byte)FrameHeader.Decode(buffer, 5, frame.Length, true));
        }

        [TestMethod]
        public void BadMagic_MagicException()
        {
            byte[] frame = Bytes.FromHex(HandshakeTranscript.HelloFrame);
            frame[1] = 0xAC;
            Assert.ThrowsException(typeof(MagicException), () => FrameHeader.Decode(frame, 0, frame.Length, false));
            Assert.AreEqual((int)FrameStatus.BadMagic, (int)FrameHeader.TryDecode(frame, 0, frame.Length, false));
        }

        [TestMethod]
        [DataRow(0x01)]
        [DataRow(0x03)]
        [DataRow(0x00)]
        public void BadVersion_VersionException(int version)
        {
            byte[] frame = Bytes.FromHex(HandshakeTranscript.HelloFrame);
            frame[2] = (byte)version;
            Assert.ThrowsException(typeof(VersionException), () => FrameHeader.Decode(frame, 0, frame.Length, false));
        }

        [TestMethod]
        public void DeclaredLengthOver480_PayloadException()
        {
            byte[] frame = new byte[12 + 481];
            FrameHeader.Write(frame, 0, PacketType.Data, 0, 480);
            frame[8] = 0xE1;   // 481
            Assert.ThrowsException(typeof(PayloadException), () => FrameHeader.Decode(frame, 0, frame.Length, false));
            Assert.AreEqual((int)FrameStatus.BadLength, (int)FrameHeader.TryDecode(frame, 0, frame.Length, false));
        }

        [TestMethod]
        [DataRow(-1)]
        [DataRow(1)]
        public void DeclaredLengthMismatch_PayloadException(int delta)
        {
            byte[] hello = Bytes.FromHex(HandshakeTranscript.HelloFrame);
            byte[] frame = new byte[hello.Length + 1];
            Array.Copy(hello, 0, frame, 0, hello.Length);
            int available = hello.Length + delta;
            Assert.ThrowsException(typeof(PayloadException), () => FrameHeader.Decode(frame, 0, available, false));
            Assert.AreEqual((int)FrameStatus.LengthMismatch, (int)FrameHeader.TryDecode(frame, 0, available, false));
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(11)]
        public void ShorterThanHeader_PayloadException(int length)
        {
            byte[] frame = Bytes.FromHex(HandshakeTranscript.HelloFrame);
            Assert.ThrowsException(typeof(PayloadException), () => FrameHeader.Decode(frame, 0, length, false));
            Assert.AreEqual((int)FrameStatus.TooShort, (int)FrameHeader.TryDecode(frame, 0, length, false));
        }

        [TestMethod]
        [DataRow(0x00)]
        [DataRow(0x0C)]
        [DataRow(0x7F)]
        [DataRow(0xFF)]
        public void UnknownType_FrameTypeException(int type)
        {
            byte[] frame = Bytes.FromHex(HandshakeTranscript.HelloFrame);
            frame[3] = (byte)type;
            FrameHeader.WriteCrc(frame, 0);
            Assert.ThrowsException(typeof(FrameTypeException), () => FrameHeader.Decode(frame, 0, frame.Length, true));
        }

        [TestMethod]
        public void EveryKnownType_Accepted()
        {
            byte[] frame = new byte[12];
            for (int type = 1; type <= 0x0B; type++)
            {
                FrameHeader.Write(frame, 0, (PacketType)type, 7, 0);
                FrameHeader.WriteCrc(frame, 0);
                Assert.AreEqual((byte)type, (byte)FrameHeader.Decode(frame, 0, 12, true));
            }
        }

        [TestMethod]
        public void CrcFlipInHeaderPayloadOrCrc_CrcException()
        {
            int[] positions = new int[] { 4, 7, 10, 11, 12, 49 };   // seq, crc, payload (not magic, version, type, length: their own errors)
            for (int i = 0; i < positions.Length; i++)
            {
                byte[] frame = Bytes.FromHex(HandshakeTranscript.HelloFrame);
                frame[positions[i]] ^= 0x01;
                Assert.ThrowsException(typeof(CrcException), () => FrameHeader.Decode(frame, 0, frame.Length, true), "flip at " + positions[i].ToString());
                // Without the CRC check (Python's handshake reader) the same frame passes.
                Assert.AreEqual((int)FrameStatus.Ok, (int)FrameHeader.TryDecode(frame, 0, frame.Length, false));
            }
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(451)]
        [DataRow(452)]
        [DataRow(453)]
        [DataRow(480)]
        public void BoundaryLengths_RoundTrip(int length)
        {
            byte[] frame = new byte[12 + length];
            FrameHeader.Write(frame, 0, PacketType.Data, 0xFFFFFFFE, length);
            Array.Copy(Bytes.Pattern(length, 3), 0, frame, 12, length);
            FrameHeader.WriteCrc(frame, 0);
            Assert.AreEqual((byte)PacketType.Data, (byte)FrameHeader.Decode(frame, 0, frame.Length, true));
            Assert.AreEqual(length, FrameHeader.ReadLength(frame, 0));
            Assert.AreEqual(0xFFFFFFFEu, FrameHeader.ReadSeq(frame, 0));
        }

        [TestMethod]
        public void BoundaryLength481_RefusedByWriteAndDecode()
        {
            byte[] frame = new byte[12 + 481];
            Assert.ThrowsException(typeof(PayloadException), () => FrameHeader.Write(frame, 0, PacketType.Data, 0, 481));
            frame[0] = 0xCD;
            frame[1] = 0xAB;
            frame[2] = 0x02;
            frame[3] = 0x05;
            frame[8] = 0xE1;
            frame[9] = 0x01;
            Assert.ThrowsException(typeof(PayloadException), () => FrameHeader.Decode(frame, 0, frame.Length, false));
        }

        [TestMethod]
        public void GoldenCrc_ThroughFrameOfEmptyHeaderIsConsistent()
        {
            // ComputeCrc covers header 0-9 then the payload: equal to the CRC of that concatenation,
            // checked against a second, independent route (UsmpCrypto.Crc16 over a contiguous copy).
            byte[] frame = Bytes.FromHex(HandshakeTranscript.ChallengeFrame);
            byte[] contiguous = new byte[frame.Length - 2];
            Array.Copy(frame, 0, contiguous, 0, 10);
            Array.Copy(frame, 12, contiguous, 10, frame.Length - 12);
            Assert.AreEqual(Usmp.Native.UsmpCrypto.Crc16(contiguous, 0, contiguous.Length), FrameHeader.ComputeCrc(frame, 0));
            for (int i = 0; i < GoldenVectors.CrcInputs.Length; i++)
            {
                byte[] input = Bytes.FromHex(GoldenVectors.CrcInputs[i]);
                Assert.AreEqual((ushort)GoldenVectors.CrcExpected[i], Usmp.Native.UsmpCrypto.Crc16(input, 0, input.Length), "golden crc_cases " + i.ToString());
            }
        }
    }
}
