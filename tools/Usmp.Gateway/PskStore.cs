// PSK per device_id (spec §3 step 1, §9): from a file of lines `aabbccddeeff=<hex or text:...>`,
// with `*` as the fallback for any other device. Every PSK must be at least 16 bytes, checked at
// load (like the Python constructor) so a short key is refused before the gateway starts.
using System.Text;
using Usmp.Native;

namespace Usmp.Gateway;

public sealed class PskStore
{
    private const string FallbackKey = "*";
    private const string TextPrefix = "text:";
    private readonly Dictionary<string, byte[]> _byDevice = new(StringComparer.Ordinal);
    private byte[]? _fallback;

    /// <summary>The development PSK (also the peer gateway's default); never use it in production.</summary>
    public const string DevelopmentPsk = "usmp-dev-psk-change-me-before-prod";

    public static PskStore Single(byte[] psk)
    {
        var store = new PskStore();
        store.Add(FallbackKey, psk);
        return store;
    }

    public static PskStore Development() => Single(Encoding.ASCII.GetBytes(DevelopmentPsk));

    /// <summary>Parses a PSK file. Blank lines and lines starting with '#' are ignored.</summary>
    public static PskStore Load(string path) => Parse(File.ReadAllLines(path), path);

    public static PskStore Parse(IEnumerable<string> lines, string source = "<psk>")
    {
        var store = new PskStore();
        int lineNo = 0;
        foreach (string raw in lines)
        {
            lineNo++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            int eq = line.IndexOf('=');
            if (eq <= 0) throw new FormatException($"{source}:{lineNo}: expected `device_id=psk`");
            string id = line[..eq].Trim().ToLowerInvariant().Replace(":", "");
            store.Add(id, ParseValue(line[(eq + 1)..].Trim(), source, lineNo), source, lineNo);
        }
        if (store._byDevice.Count == 0 && store._fallback == null)
            throw new FormatException($"{source}: no PSK found");
        return store;
    }

    public int Count => _byDevice.Count + (_fallback != null ? 1 : 0);

    /// <summary>The PSK for a 6-byte device id (a copy the caller must wipe), or null if none.</summary>
    public byte[]? Resolve(byte[] deviceId)
    {
        if (deviceId == null || deviceId.Length != UsmpCrypto.DeviceIdSize) return null;
        byte[]? psk = _byDevice.TryGetValue(Convert.ToHexStringLower(deviceId), out var k) ? k : _fallback;
        return psk == null ? null : (byte[])psk.Clone();
    }

    private void Add(string id, byte[] psk, string source = "<psk>", int lineNo = 0)
    {
        if (psk.Length < UsmpCrypto.MinPskSize)
            throw new FormatException($"{source}:{lineNo}: PSK for {id} is {psk.Length} bytes; at least {UsmpCrypto.MinPskSize} are required (spec §9)");
        if (id == FallbackKey) { _fallback = psk; return; }
        if (id.Length != 2 * UsmpCrypto.DeviceIdSize || !IsHex(id))
            throw new FormatException($"{source}:{lineNo}: device id `{id}` is not 12 hex digits");
        _byDevice[id] = psk;
    }

    private static byte[] ParseValue(string value, string source, int lineNo)
    {
        if (value.StartsWith(TextPrefix, StringComparison.Ordinal))
            return Encoding.UTF8.GetBytes(value[TextPrefix.Length..]);
        if (value.Length % 2 != 0 || !IsHex(value))
            throw new FormatException($"{source}:{lineNo}: PSK must be hex or `text:...`");
        return Convert.FromHexString(value);
    }

    private static bool IsHex(string s)
    {
        foreach (char c in s) if (!Uri.IsHexDigit(c)) return false;
        return s.Length > 0;
    }
}
