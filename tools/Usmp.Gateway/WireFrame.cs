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
    private const int OffType = 3;

    // §2 packet types
    public const byte Hello = 0x01, Challenge = 0x02, HelloAck = 0x03, SessionOk = 0x04, Data = 0x05,
        Ping = 0x06, Pong = 0x07, Bye = 0x08, DataFrag = 0x09, HelloRetry = 0x0A, Rekey = 0x0B;

    public static bool IsKnownType(byte t) => t >= Hello && t <= Rekey;
    /// <summary>Handshake frames are plaintext: 0x01-0x04 and 0x0A (§2).</summary>
    public static bool IsHandshakeType(byte t) => t < Data || t == HelloRetry;

    public static byte TypeOf(byte[] f, int off) => f[off + OffType];
    public static uint SeqOf(byte[] f, int off) => FrameHeader.ReadSeq(f, off);
    public static int LengthOf(byte[] f, int off) => FrameHeader.ReadLength(f, off);
    public static bool HasMagic(byte[] f, int off) => BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(off)) == Magic;

    /// <summary>The TCP reader's first look (§1): magic and declared length, before reading the payload.</summary>
    public static FrameCheck CheckHeaderPrefix(byte[] f, int off)
    {
        if (!HasMagic(f, off)) return FrameCheck.BadMagic;
        return LengthOf(f, off) > MaxPayload ? FrameCheck.BadLength : FrameCheck.Ok;
    }

    /// <summary>Every check of §1 on one whole frame: size, magic, length, version, CRC, type.
    /// The device's own codec (firmware/Usmp/Protocol/FrameHeader.cs) decides, so the gateway and the
    /// client can never disagree on what a valid frame is.</summary>
    public static FrameCheck Check(byte[] f, int off, int len) => FrameHeader.TryDecode(f, off, len, checkCrc: true) switch
    {
        FrameStatus.Ok => FrameCheck.Ok,
        FrameStatus.TooShort => FrameCheck.TooShort,
        FrameStatus.BadMagic => FrameCheck.BadMagic,
        FrameStatus.BadVersion => FrameCheck.BadVersion,
        FrameStatus.BadCrc => FrameCheck.BadCrc,
        FrameStatus.UnknownType => FrameCheck.UnknownType,
        _ => FrameCheck.BadLength,   // BadLength (> 480) and LengthMismatch
    };

    /// <summary>§8 datagram size rules: at least a header, magic, length <= 480, size == 12 + length.</summary>
    public static bool PassesDatagramSizeChecks(byte[] d, int len)
    {
        if (len < HeaderSize || !HasMagic(d, 0)) return false;
        int declared = LengthOf(d, 0);
        return declared <= MaxPayload && HeaderSize + declared == len;
    }

    /// <summary>Writes a plaintext frame (header, payload, CRC) with the device's codec. Returns the frame length.</summary>
    public static int WritePlain(byte[] output, int off, byte type, uint seq, byte[] payload, int payloadOff, int payloadLen)
        => WritePlain(output, off, type, seq, payload.AsSpan(payloadOff, payloadLen));

    /// <summary>Writes a plaintext frame from a span payload (no intermediate array). Returns the frame length.</summary>
    public static int WritePlain(byte[] output, int off, byte type, uint seq, ReadOnlySpan<byte> payload)
    {
        FrameHeader.Write(output, off, (PacketType)type, seq, payload.Length);
        payload.CopyTo(output.AsSpan(off + HeaderSize));
        FrameHeader.WriteCrc(output, off);   // §1 CRC: one native call (src/crc16.c), as on the device
        return HeaderSize + payload.Length;
    }

    public static string Describe(byte t) => t switch
    {
        Hello => "HELLO", Challenge => "CHALLENGE", HelloAck => "HELLO_ACK", SessionOk => "SESSION_OK",
        Data => "DATA", Ping => "PING", Pong => "PONG", Bye => "BYE", DataFrag => "DATA_FRAG",
        HelloRetry => "HELLO_RETRY", Rekey => "REKEY", _ => $"0x{t:X2}",
    };
}
