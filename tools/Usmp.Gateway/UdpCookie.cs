// The stateless UDP cookie (spec §8):
//   cookie = HMAC-SHA256(server_secret(32), ASCII "<ip>:<port>:<floor(unix_time/30)>")[0:16]
// accepted for the current 30 s bucket or the previous one, compared in constant time.
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Usmp.Native;

namespace Usmp.Gateway;

public sealed class UdpCookie
{
    public const int BucketSeconds = 30;
    private readonly byte[] _secret;
    private readonly Func<long> _unixSeconds;

    /// <param name="secret">32 bytes; default 32 fresh random bytes per process.</param>
    /// <param name="unixSeconds">the wall clock (a seam for the transcript vector).</param>
    public UdpCookie(byte[]? secret = null, Func<long>? unixSeconds = null)
    {
        _secret = secret ?? RandomBytes(UsmpConstants.KeySize);
        _unixSeconds = unixSeconds ?? (() => DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    public long CurrentBucket => _unixSeconds() / BucketSeconds;

    public byte[] Compute(IPEndPoint client) => Compute(client, CurrentBucket);

    public byte[] Compute(IPEndPoint client, long bucket)
    {
        byte[] message = Encoding.ASCII.GetBytes($"{client.Address}:{client.Port}:{bucket}");
        byte[] mac = new byte[UsmpConstants.MacSize];
        ServerCrypto.HmacSha256(mac, _secret, message, 0, message.Length);
        return mac.AsSpan(0, UsmpConstants.CookieSize).ToArray();
    }

    /// <summary>True if cookie matches the current or the previous bucket (constant-time compares).</summary>
    public bool Verify(IPEndPoint client, ReadOnlySpan<byte> cookie) => VerifiedBucket(client, cookie) != null;

    /// <summary>The bucket the cookie was issued in (current or previous), or null if it matches neither.
    /// Both are always computed and compared, in constant time.</summary>
    public long? VerifiedBucket(IPEndPoint client, ReadOnlySpan<byte> cookie)
    {
        long bucket = CurrentBucket;
        bool current = CryptographicOperations.FixedTimeEquals(cookie, Compute(client, bucket));
        bool previous = CryptographicOperations.FixedTimeEquals(cookie, Compute(client, bucket - 1));
        return current ? bucket : previous ? bucket - 1 : null;
    }

    private static byte[] RandomBytes(int n)
    {
        byte[] b = new byte[n];
        UsmpCrypto.FillRandom(b, 0, n);
        return b;
    }
}
