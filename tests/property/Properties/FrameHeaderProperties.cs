// FrameHeader (§1) against WireModel: generated frames round-trip; arbitrary bytes decode to
// exactly the model's verdict, or throw exactly the exception type the model predicts.
using FsCheck;
using FsCheck.Fluent;
using Usmp.PropertyTests.Model;
using Xunit;
using Xunit.Abstractions;

namespace Usmp.PropertyTests.Properties;

public sealed class FrameHeaderProperties(ITestOutputHelper output)
{
    public sealed record Header(byte Type, uint Seq, byte[] Payload, int Offset, byte[] Padding);

    private static readonly Gen<Header> s_headers =
        from type in Gens.KnownType
        from seq in Gens.Seq
        from length in Gens.Length(480)
        from payload in Gens.Bytes(length)
        from offset in Gen.Choose(0, 9)
        from padding in Gens.Bytes(offset + 7)
        select new Header(type, seq, payload, offset, padding);

    [Fact]
    public void GeneratedHeadersRoundTrip()
    {
        PropertyRun.Check(output, "frame_header_roundtrip", 1000, s_headers, h =>
        {
            byte[] expected = WireModel.Encode(h.Type, h.Seq, h.Payload);
            // the implementation writes the frame at an offset inside a padded buffer
            byte[] buffer = new byte[h.Padding.Length + expected.Length];
            h.Padding.CopyTo(buffer, 0);
            h.Payload.CopyTo(buffer, h.Offset + 12);
            FrameHeader.Write(buffer, h.Offset, (PacketType)h.Type, h.Seq, h.Payload.Length);
            FrameHeader.WriteCrc(buffer, h.Offset);
            Assert.Equal(expected, buffer.AsSpan(h.Offset, expected.Length).ToArray());
            Assert.Equal(h.Padding[..h.Offset], buffer[..h.Offset]);   // nothing written before the frame

            byte[] before = (byte[])buffer.Clone();
            Assert.Equal(WireModel.FrameCrc(expected), FrameHeader.ComputeCrc(buffer, h.Offset));
            Assert.Equal(before, buffer);                                 // ComputeCrc leaves the buffer as it was

            Assert.Equal(FrameStatus.Ok, FrameHeader.TryDecode(buffer, h.Offset, expected.Length, true));
            Assert.Equal((PacketType)h.Type, FrameHeader.Decode(buffer, h.Offset, expected.Length, true));
            Assert.Equal(h.Seq, FrameHeader.ReadSeq(buffer, h.Offset));
            Assert.Equal(h.Payload.Length, FrameHeader.ReadLength(buffer, h.Offset));
            Assert.Equal(WireModel.FrameCrc(expected), FrameHeader.ReadCrc(buffer, h.Offset));
        });
    }

    public sealed record Candidate(string Kind, byte[] Bytes);

    // Arbitrary byte strings, most of them near a valid frame so that every check is reached.
    private static readonly Gen<Candidate> s_candidates = Gen.OneOf(
        Gens.Bytes(0, 40).Select(b => new Candidate("random", b)),
        Gens.Bytes(0, 60).Select(b => new Candidate("magic+random", [0xCD, 0xAB, .. b])),
        from h in s_headers
        from position in Gen.Choose(0, 1000)
        from value in Gens.Byte
        from refreshCrc in Gens.Bool
        select Mutate(WireModel.Encode(h.Type, h.Seq, h.Payload), "set-byte", position, value, refreshCrc),
        from h in s_headers
        from cut in Gen.Choose(0, 500)
        select new Candidate("truncated", WireModel.Encode(h.Type, h.Seq, h.Payload)[..Math.Min(cut, 12 + h.Payload.Length)]),
        from h in s_headers
        from extra in Gens.Bytes(1, 4)
        select new Candidate("extended", [.. WireModel.Encode(h.Type, h.Seq, h.Payload), .. extra]),
        from h in s_headers
        from field in Gen.Elements(2, 3, 8, 9)
        from value in Gens.Byte
        select Mutate(WireModel.Encode(h.Type, h.Seq, h.Payload), "field", field, value, true));

    private static Candidate Mutate(byte[] frame, string kind, int position, byte value, bool refreshCrc)
    {
        frame[position % frame.Length] = value;
        if (refreshCrc)
        {
            WireModel.FixCrc(frame);
        }
        return new Candidate(kind + (refreshCrc ? "+crc" : ""), frame);
    }

    [Fact]
    public void ArbitraryBytesDecodeExactlyAsTheModelSays()
    {
        PropertyRun.Check(output, "frame_header_decode_arbitrary", 2000, s_candidates, c =>
        {
            foreach (bool checkCrc in new[] { true, false })
            {
                Type expected = WireModel.Verdict(c.Bytes, checkCrc);
                Exception thrown = null;
                PacketType type = 0;
                try
                {
                    type = FrameHeader.Decode(c.Bytes, 0, c.Bytes.Length, checkCrc);
                }
                catch (Exception e)
                {
                    thrown = e;
                }
                if (expected == null)
                {
                    Assert.Null(thrown);
                    Assert.Equal(c.Bytes[3], (byte)type);
                }
                else
                {
                    Assert.NotNull(thrown);
                    Assert.Equal(expected, thrown.GetType());
                }
            }
        });
    }
}
