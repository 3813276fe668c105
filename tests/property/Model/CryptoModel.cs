// The model peer's crypto, from .NET's own primitives (AesGcm, HMACSHA256, HKDF) so that it is
// independent of libusmp_native: §3 proofs and key schedule, §5 sealed frames, §7 REKEY.
// X25519 is not in the .NET library; it comes from UsmpCrypto (the only X25519 at hand), used
// here only to derive public keys and the server-side shared secret.
using System.Security.Cryptography;
using System.Text;
using Usmp.Native;

namespace Usmp.PropertyTests.Model;

public static class CryptoModel
{
    private static readonly byte[] s_basePoint = [9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    public static byte[] PublicKey(byte[] privateKey) => X25519(privateKey, s_basePoint);

    public static byte[] X25519(byte[] scalar, byte[] point)
    {
        byte[] output = new byte[32];
        UsmpCrypto.X25519(output, scalar, point);   // an all-zero result is reported, not thrown
        return output;
    }

    public static byte[] Hmac(byte[] key, params byte[][] parts) => HMACSHA256.HashData(key, parts.SelectMany(p => p).ToArray());

    /// <summary>§3 step 3: okm = HKDF(shared, salt = nonce, info = "usmp-v2" ‖ pub_C ‖ pub_S, 64) = k_c2s ‖ k_s2c.</summary>
    public static (byte[] c2s, byte[] s2c) SessionKeys(byte[] shared, byte[] nonce, byte[] pubC, byte[] pubS)
    {
        byte[] info = Encoding.ASCII.GetBytes("usmp-v2").Concat(pubC).Concat(pubS).ToArray();
        byte[] okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 64, nonce, info);
        return (okm[..32], okm[32..]);
    }

    public static readonly byte[] ClientProofPrefix = [0xCD, 0xAB, 0x02, 0x03];
    public static readonly byte[] ServerProofPrefix = [0xCD, 0xAB, 0x02, 0x04];

    /// <summary>§7: okm = HKDF(initiator_tx ‖ initiator_rx, salt, "usmp-rekey" ‖ session_id, 64).</summary>
    public static (byte[] first, byte[] second) Rekey(byte[] initiatorTx, byte[] initiatorRx, byte[] salt, byte[] sessionId)
    {
        byte[] info = Encoding.ASCII.GetBytes("usmp-rekey").Concat(sessionId).ToArray();
        byte[] okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, initiatorTx.Concat(initiatorRx).ToArray(), 64, salt, info);
        return (okm[..32], okm[32..]);
    }

    /// <summary>§5: header ‖ nonce(seq LE ‖ sid[0:8]) ‖ AES-256-GCM(ct) ‖ tag, AAD = header bytes 0..9, then the CRC.</summary>
    public static byte[] Seal(byte type, uint seq, byte[] key, byte[] sessionId, byte[] plaintext)
    {
        byte[] nonce = Nonce(seq, sessionId);
        byte[] frame = new byte[12 + 28 + plaintext.Length];
        frame[0] = 0xCD;
        frame[1] = 0xAB;
        frame[2] = 0x02;
        frame[3] = type;
        BitConverter.GetBytes(seq).CopyTo(frame, 4);
        BitConverter.GetBytes((ushort)(28 + plaintext.Length)).CopyTo(frame, 8);
        nonce.CopyTo(frame, 12);
        using var gcm = new AesGcm(key, 16);
        gcm.Encrypt(nonce, plaintext, frame.AsSpan(24, plaintext.Length), frame.AsSpan(24 + plaintext.Length, 16), frame.AsSpan(0, 10));
        WireModel.FixCrc(frame);
        return frame;
    }

    /// <summary>The plaintext when the frame is a well-formed sealed frame under (key, sid), else null.</summary>
    public static byte[] Open(byte[] frame, byte[] key, byte[] sessionId)
    {
        if (frame.Length < 40 || WireModel.Verdict(frame, true) != null)
        {
            return null;
        }
        byte[] nonce = Nonce(WireModel.Seq(frame), sessionId);
        if (!frame.AsSpan(12, 12).SequenceEqual(nonce))
        {
            return null;
        }
        int n = frame.Length - 40;
        byte[] plaintext = new byte[n];
        using var gcm = new AesGcm(key, 16);
        try
        {
            gcm.Decrypt(nonce, frame.AsSpan(24, n), frame.AsSpan(24 + n, 16), plaintext, frame.AsSpan(0, 10));
        }
        catch (CryptographicException)
        {
            return null;
        }
        return plaintext;
    }

    private static byte[] Nonce(uint seq, byte[] sessionId) => BitConverter.GetBytes(seq).Concat(sessionId.Take(8)).ToArray();
}

/// <summary>Reads the handshake/session/client secret buffers, which are internal (the wipe checks).</summary>
public static class Internals
{
    public static byte[] Buffer(object owner, string property)
    {
        var info = owner.GetType().GetProperty(property, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
            ?? throw new InvalidOperationException(owner.GetType().Name + " has no internal " + property);
        return (byte[])info.GetValue(owner);
    }

    public static bool AllZero(byte[] data) => data.All(b => b == 0);
}
