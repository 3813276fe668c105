// The frame checks the gateway needs before a frame reaches the Protocol core (spec §1):
// header layout
//   off 0  len 2  magic 0xABCD LE (CD AB)
//   off 2  len 1  version 0x02
//   off 3  len 1  type
//   off 4  len 4  seq u32 LE
//   off 8  len 2  payload length u16 LE (<= 480)
//   off 10 len 2  CRC-16/MODBUS over bytes 0-9 then the payload, LE
// Handshake frames are written here too (plaintext, seq 0 for every server frame, §3).
using System.Buffers.Binary;

namespace Usmp.Gateway;

public enum FrameCheck { Ok, TooShort, BadMagic, BadVersion, BadLength, BadCrc, UnknownType }

public static class WireFrame
{
    public const int HeaderSize = 12;
    public const int MaxPayload = 480;
    public const int MaxFrame = HeaderSize + MaxPayload;
    public const ushort Magic = 0xABCD;
    public const byte Version = 0x02;
    private const int OffVersion = 2, OffType = 3, OffSeq = 4, OffLength = 8, OffCrc = 10;

    // §2 packet types
    public const byte Hello = 0x01, Challenge = 0x02, HelloAck = 0x03, SessionOk = 0x04, Data = 0x05,
        Ping = 0x06, Pong = 0x07, Bye = 0x08, DataFrag = 0x09, HelloRetry = 0x0A, Rekey = 0x0B;

    public static bool IsKnownType(byte t) => t >= Hello && t <= Rekey;
    /// <summary>Handshake frames are plaintext: 0x01-0x04 and 0x0A (§2).</summary>
    public static bool IsHandshakeType(byte t) => t < Data || t == HelloRetry;

    public static byte TypeOf(byte[] f, int off) => f[off + OffType];
    public static uint SeqOf(byte[] f, int off) => BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(off + OffSeq));
    public static int LengthOf(byte[] f, int off) => BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(off + OffLength));
    public static bool HasMagic(byte[] f, int off) => BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(off)) == Magic;

    /// <summary>The TCP reader's first look (§1): magic and declared length, before reading the payload.</summary>
    public static FrameCheck CheckHeaderPrefix(byte[] f, int off)
    {
        if (!HasMagic(f, off)) return FrameCheck.BadMagic;
        return LengthOf(f, off) > MaxPayload ? FrameCheck.BadLength : FrameCheck.Ok;
    }

    /// <summary>Every check of §1 on one whole frame: size, magic, length, version, CRC, type.</summary>
    public static FrameCheck Check(byte[] f, int off, int len)
    {
        if (len < HeaderSize) return FrameCheck.TooShort;
        FrameCheck prefix = CheckHeaderPrefix(f, off);
        if (prefix != FrameCheck.Ok) return prefix;
        if (HeaderSize + LengthOf(f, off) != len) return FrameCheck.BadLength;
        if (f[off + OffVersion] != Version) return FrameCheck.BadVersion;
        if (!CrcMatches(f, off, len)) return FrameCheck.BadCrc;
        return IsKnownType(TypeOf(f, off)) ? FrameCheck.Ok : FrameCheck.UnknownType;
    }

    /// <summary>§8 datagram size rules: at least a header, magic, length <= 480, size == 12 + length.</summary>
    public static bool PassesDatagramSizeChecks(byte[] d, int len)
    {
        if (len < HeaderSize || !HasMagic(d, 0)) return false;
        int declared = LengthOf(d, 0);
        return declared <= MaxPayload && HeaderSize + declared == len;
    }

    /// <summary>Writes a plaintext frame (header, payload, CRC). Returns the frame length.</summary>
    public static int WritePlain(byte[] output, int off, byte type, uint seq, byte[] payload, int payloadOff, int payloadLen)
    {
        WriteHeader(output, off, type, seq, payloadLen);
        Array.Copy(payload, payloadOff, output, off + HeaderSize, payloadLen);
        ushort crc = Crc(output, off, HeaderSize + payloadLen);
        BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(off + OffCrc), crc);
        return HeaderSize + payloadLen;
    }

    private static void WriteHeader(byte[] o, int off, byte type, uint seq, int len)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(o.AsSpan(off), Magic);
        o[off + OffVersion] = Version;
        o[off + OffType] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(o.AsSpan(off + OffSeq), seq);
        BinaryPrimitives.WriteUInt16LittleEndian(o.AsSpan(off + OffLength), (ushort)len);
    }

    // CRC-16/MODBUS (reflected poly 0xA001, init 0xFFFF) over header bytes 0-9 then the payload
    // (§1), computed in place: no scratch copy and no native call (the CRC is over public bytes,
    // so a table lookup is fine). Checked against the native Crc16 by the transcript tests.
    private static readonly ushort[] CrcTable = CreateCrcTable();

    private static ushort Crc(byte[] f, int off, int len)
    {
        ushort crc = CrcUpdate(0xFFFF, f.AsSpan(off, OffCrc));
        return CrcUpdate(crc, f.AsSpan(off + HeaderSize, len - HeaderSize));
    }

    private static ushort CrcUpdate(ushort crc, ReadOnlySpan<byte> data)
    {
        ushort[] table = CrcTable;
        foreach (byte b in data) crc = (ushort)((crc >> 8) ^ table[(crc ^ b) & 0xFF]);
        return crc;
    }

    private static ushort[] CreateCrcTable()
    {
        var t = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            int c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ 0xA001 : c >> 1;
            t[i] = (ushort)c;
        }
        return t;
    }

    private static bool CrcMatches(byte[] f, int off, int len)
        => Crc(f, off, len) == BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(off + OffCrc));

    /// <summary>Writes a plaintext frame from a span payload (no intermediate array). Returns the frame length.</summary>
    public static int WritePlain(byte[] output, int off, byte type, uint seq, ReadOnlySpan<byte> payload)
    {
        WriteHeader(output, off, type, seq, payload.Length);
        payload.CopyTo(output.AsSpan(off + HeaderSize));
        ushort crc = Crc(output, off, HeaderSize + payload.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(off + OffCrc), crc);
        return HeaderSize + payload.Length;
    }

    public static string Describe(byte t) => t switch
    {
        Hello => "HELLO", Challenge => "CHALLENGE", HelloAck => "HELLO_ACK", SessionOk => "SESSION_OK",
        Data => "DATA", Ping => "PING", Pong => "PONG", Bye => "BYE", DataFrag => "DATA_FRAG",
        HelloRetry => "HELLO_RETRY", Rekey => "REKEY", _ => $"0x{t:X2}",
    };
}
