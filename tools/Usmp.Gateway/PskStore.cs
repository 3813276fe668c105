// PSK per device_id (spec §3 step 1, §9): from a file of lines `aabbccddeeff=<hex or text:...>`,
// with `*` as the fallback for any other device. Every PSK must be at least 16 bytes, checked at
// load (like the Python constructor) so a short key is refused before the gateway starts.
// Stricter than the reference (issue 10 class 6): a device id (or `*`) given twice is an error
// naming both lines, not a silent override; and, like ssh with a private key, a file that group or
// others may access is refused unless the caller allows it (PskFilePermissionException).
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

    /// <summary>Parses a PSK file. Blank lines and lines starting with '#' are ignored. Refused (before
    /// it is read) when group or others have any access to it, unless allowOpenMode.</summary>
    public static PskStore Load(string path, bool allowOpenMode = false)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist", path);
        if (!allowOpenMode && !OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOthers) != 0) throw new PskFilePermissionException(path, mode);
        }
        return Parse(File.ReadAllLines(path), path);
    }

    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static PskStore Parse(IEnumerable<string> lines, string source = "<psk>")
    {
        var store = new PskStore();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNo = 0;
        foreach (string raw in lines)
        {
            lineNo++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            int eq = line.IndexOf('=');
            if (eq <= 0) throw new FormatException($"{source}:{lineNo}: expected `device_id=psk`");
            string id = line[..eq].Trim().ToLowerInvariant().Replace(":", "");
            if (firstLine.TryGetValue(id, out int first))
                throw new FormatException($"{source}:{lineNo}: {(id == FallbackKey ? "the fallback `*`" : $"device id {id}")} is already given at line {first}; keep one of the two lines");
            firstLine[id] = lineNo;
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
        if (deviceId == null || deviceId.Length != UsmpConstants.DeviceIdSize) return null;
        byte[]? psk = _byDevice.TryGetValue(Convert.ToHexStringLower(deviceId), out var k) ? k : _fallback;
        return psk == null ? null : (byte[])psk.Clone();
    }

    private void Add(string id, byte[] psk, string source = "<psk>", int lineNo = 0)
    {
        if (psk.Length < UsmpConstants.MinPskSize)
            throw new FormatException($"{source}:{lineNo}: PSK for {id} is {psk.Length} bytes; at least {UsmpConstants.MinPskSize} are required (spec §9)");
        if (id == FallbackKey) { _fallback = psk; return; }
        if (id.Length != 2 * UsmpConstants.DeviceIdSize || !IsHex(id))
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

/// <summary>A PSK file that group or others may access (read, write or execute): refused like ssh refuses
/// such a private key. The message is one line: the file, its mode and the chmod to run.</summary>
public sealed class PskFilePermissionException(string path, UnixFileMode mode)
    : IOException($"{path} is mode {Octal(mode)}, group or others can access it; run `chmod 600 {path}` (or pass --allow-readable-psk-file)")
{
    public string Path { get; } = path;
    public UnixFileMode Mode { get; } = mode;

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0xFFF, 8).PadLeft(4, '0');
}
