// The key an UNKNOWN device_id is answered with (issue 10 class 6: no device enumeration). The
// reference refuses an unknown id at HELLO, before any CHALLENGE, so anyone can list the devices a
// gateway knows. Instead the handshake runs on with a decoy PSK = HMAC-SHA256(secret, "usmp-decoy"
// ‖ device_id), the secret 32 random bytes per gateway: a CHALLENGE, then the refusal at HELLO_ACK
// after the same HMAC check a wrong PSK gets, so an unknown id looks exactly like a known one with a
// wrong PSK (same answers, same step, same time class). Keyed on the id so repeated probes of one id
// see one consistent key. Nothing derived from it is ever sent: the proof can only fail.
using System.Security.Cryptography;
using System.Text;

namespace Usmp.Gateway;

public sealed class DecoyPsk : IDisposable
{
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("usmp-decoy");
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    /// <summary>The decoy PSK for this device id: a fresh 32-byte array the caller owns and wipes.</summary>
    public byte[] For(byte[] deviceId)
    {
        byte[] message = [.. Label, .. deviceId];
        return HMACSHA256.HashData(_secret, message);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_secret);
}
