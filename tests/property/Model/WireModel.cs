// A plain model of the frame of shared/spec/usmp-v2.md §1/§2, written from the spec text and
// deliberately unlike firmware/Usmp/Wire/FrameHeader.cs: byte lists, a bit-at-a-time CRC,
// and a verdict that names the exception type the spec's check order predicts.
namespace Usmp.PropertyTests.Model;

public static class WireModel
{
    public const int Header = 12;
    public const int MaxPayload = 480;

    /// <summary>CRC-16/MODBUS, one bit at a time: poly 0xA001 reflected, init 0xFFFF, no final XOR.</summary>
    public static ushort Crc16(IEnumerable<byte> data)
    {
        int crc = 0xFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                bool lsb = (crc & 1) == 1;
                crc >>= 1;
                if (lsb)
                {
                    crc ^= 0xA001;
                }
            }
        }
        return (ushort)crc;
    }

    /// <summary>§1 CRC of a whole frame: header bytes 0..9, then the payload (bytes 12..).</summary>
    public static ushort FrameCrc(byte[] frame) => Crc16(frame.Take(10).Concat(frame.Skip(Header)));

    public static byte[] Encode(byte type, uint seq, byte[] payload)
    {
        var bytes = new List<byte> { 0xCD, 0xAB, 0x02, type };
        bytes.AddRange(BitConverter.GetBytes(seq));                       // host is little-endian
        bytes.AddRange(BitConverter.GetBytes((ushort)payload.Length));
        bytes.Add(0);
        bytes.Add(0);
        bytes.AddRange(payload);
        byte[] frame = bytes.ToArray();
        FixCrc(frame);
        return frame;
    }

    /// <summary>Recomputes the CRC at offset 10 (a smart forger's step after changing bytes).</summary>
    public static void FixCrc(byte[] frame)
    {
        if (frame.Length < Header)
        {
            return;
        }
        ushort crc = FrameCrc(frame);
        frame[10] = (byte)(crc & 0xFF);
        frame[11] = (byte)(crc >> 8);
    }

    public static bool KnownType(byte type) => type is >= 0x01 and <= 0x0B;

    public static bool HandshakeType(byte type) => type is 0x01 or 0x02 or 0x03 or 0x04 or 0x0A;

    public static uint Seq(byte[] frame) => BitConverter.ToUInt32(frame, 4);

    public static int DeclaredLength(byte[] frame) => BitConverter.ToUInt16(frame, 8);

    /// <summary>
    /// §1 verdict for one whole frame: null when it decodes, else the exception type USMP's typed
    /// tree gives it, in the spec's order (header size, magic, declared length &lt;= 480 and equal
    /// to what follows, version, CRC, known type).
    /// </summary>
    public static Type Verdict(byte[] frame, bool checkCrc)
    {
        if (frame.Length < Header)
        {
            return typeof(PayloadException);
        }
        if (frame[0] != 0xCD || frame[1] != 0xAB)
        {
            return typeof(MagicException);
        }
        int declared = DeclaredLength(frame);
        if (declared > MaxPayload || declared != frame.Length - Header)
        {
            return typeof(PayloadException);
        }
        if (frame[2] != 0x02)
        {
            return typeof(VersionException);
        }
        if (checkCrc && FrameCrc(frame) != BitConverter.ToUInt16(frame, 10))
        {
            return typeof(CrcException);
        }
        if (!KnownType(frame[3]))
        {
            return typeof(FrameTypeException);
        }
        return null;
    }
}
