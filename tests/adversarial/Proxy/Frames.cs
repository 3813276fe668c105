// Byte helpers for forging (spec usmp-v2.md §1, §5, §8): field ranges of a frame, CRC repair,
// header building with any declared length, bit flips. Every helper returns a new array.
using System.Buffers.Binary;
using Usmp.Native;

namespace Usmp.Adversarial;

/// <summary>A named byte range inside a frame (for bit-flip enumeration).</summary>
public enum FrameField { Magic, Version, Type, Seq, Length, Crc, Nonce, Ciphertext, Tag, Payload }

public static class Frames
{
    // Wire facts from the device's wire-format module (firmware/Usmp/Wire), not declared again here.
    public const int HeaderSize = UsmpConstants.HeaderSize;
    public const int MaxPayload = UsmpConstants.MaxPayload;
    public const int NonceSize = UsmpConstants.GcmNonceSize;
    public const int TagSize = UsmpConstants.GcmTagSize;

    public const byte Hello = (byte)PacketType.Hello, Challenge = (byte)PacketType.Challenge, HelloAck = (byte)PacketType.HelloAck,
        SessionOk = (byte)PacketType.SessionOk, Data = (byte)PacketType.Data, Ping = (byte)PacketType.Ping, Pong = (byte)PacketType.Pong,
        Bye = (byte)PacketType.Bye, DataFrag = (byte)PacketType.DataFrag, HelloRetry = (byte)PacketType.HelloRetry, Rekey = (byte)PacketType.Rekey;

    public static bool IsSessionType(byte t) => PacketTypes.IsKnown(t) && !PacketTypes.IsHandshake(t);

    public static string TypeName(byte t) => PacketTypes.Name(t);

    public static bool IsUtack(byte[] d) => (d.Length == Utack.PlainSize || d.Length == Utack.MacedSize) && Utack.LooksLikeUtack(d, 0, d.Length);

    public static uint SeqOf(byte[] f) => BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(4));
    public static int LengthOf(byte[] f) => BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(8));

    /// <summary>[start, end) of a field in this frame. Session-frame fields need a sealed payload.</summary>
    public static (int Start, int End) Range(byte[] frame, FrameField field) => field switch
    {
        FrameField.Magic => (0, 2),
        FrameField.Version => (2, 3),
        FrameField.Type => (3, 4),
        FrameField.Seq => (4, 8),
        FrameField.Length => (8, 10),
        FrameField.Crc => (10, 12),
        FrameField.Nonce => (HeaderSize, HeaderSize + NonceSize),
        FrameField.Ciphertext => (HeaderSize + NonceSize, frame.Length - TagSize),
        FrameField.Tag => (frame.Length - TagSize, frame.Length),
        FrameField.Payload => (HeaderSize, frame.Length),
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <summary>The field a byte offset of a sealed session frame belongs to.</summary>
    public static FrameField FieldAt(byte[] frame, int offset)
    {
        foreach (FrameField f in new[] { FrameField.Magic, FrameField.Version, FrameField.Type, FrameField.Seq,
                     FrameField.Length, FrameField.Crc, FrameField.Nonce, FrameField.Ciphertext, FrameField.Tag })
        {
            var (s, e) = Range(frame, f);
            if (offset >= s && offset < e) return f;
        }
        return FrameField.Payload;
    }

    /// <summary>A copy with bit (bitIndex % 8) of byte bitIndex / 8 flipped.</summary>
    public static byte[] FlipBit(byte[] frame, int bitIndex)
    {
        byte[] copy = (byte[])frame.Clone();
        copy[bitIndex / 8] ^= (byte)(1 << (bitIndex % 8));
        return copy;
    }

    /// <summary>A copy whose CRC is recomputed over bytes 0-9 and the payload (a forger's repair).</summary>
    public static byte[] WithFixedCrc(byte[] frame)
    {
        byte[] copy = (byte[])frame.Clone();
        FixCrcInPlace(copy);
        return copy;
    }

    public static void FixCrcInPlace(byte[] frame)
    {
        byte[] crcInput = new byte[frame.Length - 2];
        Array.Copy(frame, 0, crcInput, 0, 10);
        Array.Copy(frame, HeaderSize, crcInput, 10, frame.Length - HeaderSize);
        ushort crc = UsmpCrypto.Crc16(crcInput, 0, crcInput.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(10), crc);
    }

    /// <summary>A frame with a correct CRC; declaredLength (default payload.Length) may lie.</summary>
    public static byte[] Build(byte type, uint seq, byte[] payload, int? declaredLength = null, byte version = 0x02)
    {
        byte[] f = new byte[HeaderSize + payload.Length];
        f[0] = UsmpConstants.MagicLow; f[1] = UsmpConstants.MagicHigh; f[2] = version; f[3] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(8), (ushort)(declaredLength ?? payload.Length));
        payload.CopyTo(f, HeaderSize);
        FixCrcInPlace(f);
        return f;
    }

    /// <summary>A copy with the seq field replaced (AAD changes, so the tag no longer verifies) and the CRC repaired.</summary>
    public static byte[] WithSeq(byte[] frame, uint seq)
    {
        byte[] copy = (byte[])frame.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(4), seq);
        FixCrcInPlace(copy);
        return copy;
    }

    public static byte[] Slice(byte[] b, int start, int count) => b.AsSpan(start, count).ToArray();

    public static byte[] Concat(params byte[][] parts)
    {
        byte[] all = new byte[parts.Sum(p => p.Length)];
        int at = 0;
        foreach (byte[] p in parts) { p.CopyTo(all, at); at += p.Length; }
        return all;
    }
}
