// Shared parsing of the verbs: PSKs (strict: hex is an even number of hex digits, at least 32; text
// needs `text:` and at least 16 bytes, like the gateway's PSK file), device ids, HOST:PORT and
// addresses (strict dotted quads: `1.2.3` is not 1.2.0.3), numeric options with readable errors,
// and the loggers (stderr, so stdout carries only what scripts read).
using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Usmp.Gateway;

namespace Usmp.Cli.Commands;

internal static class CliSupport
{
    public const int MinPskBytes = 16;

    public static ILoggerFactory Logging(LogLevel level) => LoggerFactory.Create(b => b
        .SetMinimumLevel(level)
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));

    /// <summary>The device's PSK: --psk, else --psk-file (entry for this device or `*`), else the development PSK.</summary>
    public static byte[] ResolvePsk(string? psk, string? pskFile, byte[] deviceId, bool allowReadableFile = false)
    {
        if (psk != null && pskFile != null) throw CliError.BadUsage("give --psk or --psk-file, not both");
        if (psk != null) return ParsePsk(psk, "--psk");
        if (pskFile != null)
        {
            byte[]? k = LoadPskFile(pskFile, allowReadableFile).Resolve(deviceId);
            return k ?? throw CliError.BadUsage($"{pskFile} has no PSK for device {Hex(deviceId)} and no `*` entry: add a line `{Convert.ToHexStringLower(deviceId)}=<hex>`");
        }
        return Encoding.ASCII.GetBytes(PskStore.DevelopmentPsk);
    }

    public static PskStore LoadPskFile(string path, bool allowReadable)
    {
        if (Directory.Exists(path)) throw CliError.BadUsage($"--psk-file {path} is a directory: give the PSK file itself");
        if (!File.Exists(path)) throw CliError.BadUsage($"--psk-file {path} does not exist: check the path");
        try { return PskStore.Load(path, allowReadable); }
        catch (FormatException e) { throw CliError.BadUsage($"PSK file refused: {e.Message}"); }
        catch (UnauthorizedAccessException) { throw CliError.BadUsage($"--psk-file {path} cannot be read by this user: check its owner and mode (600)"); }
        catch (IOException e) { throw CliError.BadUsage($"--psk-file {path} cannot be read: {e.Message}"); }
    }

    public static byte[] ParsePsk(string value, string option)
    {
        if (value.StartsWith("text:", StringComparison.Ordinal))
        {
            byte[] text = Encoding.UTF8.GetBytes(value[5..]);
            if (text.Length < MinPskBytes) throw CliError.BadUsage($"{option} text:... is {text.Length} bytes; a PSK needs at least {MinPskBytes} (spec §9): use a longer passphrase");
            return text;
        }
        if (value.Length == 0 || !value.All(Uri.IsHexDigit))
            throw CliError.BadUsage($"{option}: not hex; give an even number of hex digits (at least 32), or text:PASSPHRASE for a passphrase");
        if (value.Length % 2 != 0) throw CliError.BadUsage($"{option}: {value.Length} hex digits is an odd number; a hex PSK is whole bytes (an even number of digits, at least 32)");
        if (value.Length < 2 * MinPskBytes) throw CliError.BadUsage($"{option}: {value.Length} hex digits is {value.Length / 2} bytes; a PSK needs at least {MinPskBytes} bytes (32 hex digits, spec §9)");
        return Convert.FromHexString(value);
    }

    public static byte[] ParseDeviceId(string? value, string option = "--device-id")
    {
        if (value == null) return System.Security.Cryptography.RandomNumberGenerator.GetBytes(6);
        string hex = value.Replace(":", "").Replace("-", "");
        if (hex.Length != 12 || !hex.All(Uri.IsHexDigit)) throw CliError.BadUsage($"{option} `{value}`: expected 6 bytes in hex, e.g. a0:b1:c2:d3:e4:f5");
        return Convert.FromHexString(hex);
    }

    /// <summary>HOST:PORT (port 1-65535; HOST an IP address or a name).</summary>
    public static IPEndPoint ParseHostPort(string value, string what = "target")
    {
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            throw CliError.BadUsage($"{what} `{value}`: expected HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:9000");
        return new IPEndPoint(ResolveHost(value[..colon].Trim('[', ']'), what), port);
    }

    /// <summary>An IPv4 dotted quad (all four parts), an IPv6 address, or a name resolved to IPv4.</summary>
    public static IPAddress ResolveHost(string host, string what = "--host")
    {
        if (TryStrictAddress(host, out var ip))
            return ip!.AddressFamily == AddressFamily.InterNetwork ? ip
                : throw CliError.BadUsage($"{what} `{host}`: the device client speaks IPv4 only (as on the ESP32); give an IPv4 address");
        if (host.All(c => char.IsDigit(c) || c == '.')) throw CliError.BadUsage($"{what} `{host}`: not an IPv4 address (four numbers 0-255, e.g. 127.0.0.1)");
        try
        {
            return Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? throw CliError.Failed($"{what} `{host}` has no IPv4 address: give an IPv4 address or another name");
        }
        catch (SocketException) { throw CliError.Failed($"{what} `{host}` cannot be resolved: check the name, or give an IP address"); }
    }

    public static bool TryStrictAddress(string s, out IPAddress? ip)
    {
        ip = null;
        if (s.Contains(':')) return IPAddress.TryParse(s, out ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;
        string[] parts = s.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsDigit) || int.Parse(p, CultureInfo.InvariantCulture) > 255)) return false;
        return IPAddress.TryParse(s, out ip);
    }

    public static string Hex(byte[] id) => string.Join(':', id.Select(b => b.ToString("x2")));

    /// <summary>An integer option that refuses anything outside [min, max] in one readable line.</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max) => new(name)
    {
        Description = $"{description} [{min}..{max}]",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r =>
        {
            string s = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max) return v;
            r.AddError($"{name} `{s}`: expected a whole number from {min} to {max}");
            return defaultValue;
        },
    };

    /// <summary>A port option (null when absent).</summary>
    public static Option<int?> Port(string name, string description, int min = 0) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            string s = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= min && v <= 65535) return v;
            r.AddError($"{name} `{s}`: expected a port number from {min} to 65535");
            return null;
        },
    };

    /// <summary>A number of seconds (or another real quantity) in [min, max].</summary>
    public static Option<double> Real(string name, string description, double defaultValue, double min, double max) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r =>
        {
            string s = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= min && v <= max && double.IsFinite(v)) return v;
            r.AddError($"{name} `{s}`: expected a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
            return defaultValue;
        },
    };
}
