// An independent, managed codec of wire v2 for the conformance battery (spec §1, §2, §5, §7, §8).
// The battery builds frames byte by byte, including wrong ones, so it cannot use the device's
// codec, which refuses to write them; and an independent implementation is what a conformance
// tool should be: AES-GCM, HMAC and HKDF come from .NET, the CRC is written out here.
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Usmp.Cli.Conformance;

internal static class WireCodec
{
    // The sizes and type codes come from the wire module (firmware/Usmp/Wire): one definition of each
    // wire fact. What stays independent here is the codec itself (byte-by-byte framing, the CRC, the crypto).
    public const int Header = UsmpConstants.HeaderSize, MaxPayload = UsmpConstants.MaxPayload,
        Overhead = UsmpConstants.AeadOverhead, MaxPlain = UsmpConstants.MaxPlaintext, MaxMessage = UsmpConstants.MaxMessageSize;
    public const ushort Magic = UsmpConstants.Magic;
    public const byte Version = UsmpConstants.Version;
    public const byte Hello = (byte)PacketType.Hello, Challenge = (byte)PacketType.Challenge, HelloAck = (byte)PacketType.HelloAck,
        SessionOk = (byte)PacketType.SessionOk, Data = (byte)PacketType.Data, Ping = (byte)PacketType.Ping,
        Pong = (byte)PacketType.Pong, Bye = (byte)PacketType.Bye, DataFrag = (byte)PacketType.DataFrag,
        HelloRetry = (byte)PacketType.HelloRetry, Rekey = (byte)PacketType.Rekey;

    /// <summary>§1 CRC-16/MODBUS: reflected 0xA001, init 0xFFFF, no final XOR.</summary>
    public static ushort Crc16(ReadOnlySpan<byte> data)
    {
        ushort crc = 0xFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++) crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
        }
        return crc;
    }

    /// <summary>Writes the CRC of bytes 0-9 followed by the payload at offset 10 (§1).</summary>
    public static void FixCrc(byte[] f)
    {
        byte[] covered = [.. f.AsSpan(0, 10), .. f.AsSpan(Header)];
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(10), Crc16(covered));
    }

    /// <summary>A plaintext frame with a correct CRC; the header fields may be anything (for the bad-frame rows).</summary>
    public static byte[] Frame(byte type, uint seq, ReadOnlySpan<byte> payload, ushort magic = Magic, byte version = Version, int? declaredLength = null)
    {
        byte[] f = new byte[Header + payload.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(f, magic);
        f[2] = version;
        f[3] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(8), (ushort)(declaredLength ?? payload.Length));
        payload.CopyTo(f.AsSpan(Header));
        FixCrc(f);
        return f;
    }

    public static byte TypeOf(byte[] f) => f[3];
    public static uint SeqOf(byte[] f) => BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(4));
    public static int LengthOf(byte[] f) => BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(8));
    public static bool CrcOk(byte[] f) => f.Length >= Header && BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(10)) == Crc16([.. f.AsSpan(0, 10), .. f.AsSpan(Header)]);

    /// <summary>§5: payload = nonce(12) ‖ ciphertext ‖ tag(16); nonce = seq LE ‖ session_id[0:8]; AAD = header bytes 0-9.</summary>
    public static byte[] Seal(byte type, uint seq, ReadOnlySpan<byte> plaintext, byte[] key, byte[] sessionId)
    {
        byte[] f = Frame(type, seq, new byte[plaintext.Length + Overhead]);
        Span<byte> nonce = f.AsSpan(Header, 12);
        BinaryPrimitives.WriteUInt32LittleEndian(nonce, seq);
        sessionId.AsSpan(0, 8).CopyTo(nonce[4..]);
        using var gcm = new AesGcm(key, 16);
        gcm.Encrypt(nonce, plaintext, f.AsSpan(Header + 12, plaintext.Length), f.AsSpan(Header + 12 + plaintext.Length, 16), f.AsSpan(0, 10));
        FixCrc(f);
        return f;
    }

    /// <summary>The plaintext of a session frame, or null if the carried nonce or the tag does not verify (§5).</summary>
    public static byte[]? Open(byte[] f, byte[] key, byte[] sessionId)
    {
        int len = f.Length - Header;
        if (len < Overhead) return null;
        Span<byte> expected = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(expected, SeqOf(f));
        sessionId.AsSpan(0, 8).CopyTo(expected[4..]);
        if (!expected.SequenceEqual(f.AsSpan(Header, 12))) return null;
        byte[] plain = new byte[len - Overhead];
        using var gcm = new AesGcm(key, 16);
        try { gcm.Decrypt(expected, f.AsSpan(Header + 12, plain.Length), f.AsSpan(f.Length - 16), plain, f.AsSpan(0, 10)); }
        catch (AuthenticationTagMismatchException) { return null; }
        return plain;
    }

    /// <summary>§8 UTACK: AC AC ‖ type ‖ seq(4 LE), plus HMAC-SHA256(key, those 7)[0:8] for session types once keys exist.</summary>
    public static byte[] Utack(byte type, uint seq, byte[]? key)
    {
        byte[] head = [0xAC, 0xAC, type, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(3), seq);
        return key == null ? head : [.. head, .. HMACSHA256.HashData(key, head).AsSpan(0, 8)];
    }

    public static bool IsUtack(byte[] d) => d.Length >= 7 && d[0] == 0xAC && d[1] == 0xAC;
    public static byte UtackType(byte[] u) => u[2];
    public static uint UtackSeq(byte[] u) => BinaryPrimitives.ReadUInt32LittleEndian(u.AsSpan(3));
    public static bool UtackMacOk(byte[] u, byte[] key) => u.Length == 15 && HMACSHA256.HashData(key, u.AsSpan(0, 7)).AsSpan(0, 8).SequenceEqual(u.AsSpan(7));

    /// <summary>§7 REKEY: okm = HKDF(ikm = initiator_tx ‖ initiator_rx, salt, info = "usmp-rekey" ‖ session_id, 64).
    /// The initiator sends with okm[0:32] and receives with okm[32:64].</summary>
    public static (byte[] First, byte[] Second) RekeyDerive(byte[] initiatorTx, byte[] initiatorRx, byte[] salt, byte[] sessionId)
    {
        byte[] okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, [.. initiatorTx, .. initiatorRx], 64, salt, [.. Encoding.ASCII.GetBytes("usmp-rekey"), .. sessionId]);
        return (okm[..32], okm[32..]);
    }

    public static string Name(byte t) => t switch
    {
        Hello => "HELLO", Challenge => "CHALLENGE", HelloAck => "HELLO_ACK", SessionOk => "SESSION_OK", Data => "DATA",
        Ping => "PING", Pong => "PONG", Bye => "BYE", DataFrag => "DATA_FRAG", HelloRetry => "HELLO_RETRY", Rekey => "REKEY",
        _ => $"0x{t:X2}",
    };
}
