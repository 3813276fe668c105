// Shared helpers of the verbs: PSK and device-id parsing, endpoints, logging.
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Usmp.Gateway;

namespace Usmp.Cli.Commands;

internal static class CliSupport
{
    public static ILoggerFactory Logging(LogLevel level) => LoggerFactory.Create(b => b
        .SetMinimumLevel(level)
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }));

    /// <summary>A PSK from --psk (hex, or text:..., or plain text) or --psk-file (first usable line / `*` entry).</summary>
    public static byte[] ResolvePsk(string? psk, string? pskFile, byte[] deviceId, bool allowReadableFile = false)
    {
        if (psk != null) return ParsePsk(psk);
        if (pskFile != null)
        {
            byte[]? k = PskStore.Load(pskFile, allowReadableFile).Resolve(deviceId);
            return k ?? throw new ArgumentException($"{pskFile} has no PSK for {Convert.ToHexStringLower(deviceId)} and no `*` entry");
        }
        return Encoding.ASCII.GetBytes(PskStore.DevelopmentPsk);
    }

    public static byte[] ParsePsk(string value)
    {
        if (value.StartsWith("text:", StringComparison.Ordinal)) return Encoding.UTF8.GetBytes(value[5..]);
        bool hex = value.Length % 2 == 0 && value.Length >= 32 && value.All(Uri.IsHexDigit);
        byte[] psk = hex ? Convert.FromHexString(value) : Encoding.UTF8.GetBytes(value);
        if (psk.Length < 16) throw new ArgumentException("a PSK must be at least 16 bytes (spec §9)");
        return psk;
    }

    public static byte[] ParseDeviceId(string? value)
    {
        if (value == null)
        {
            byte[] id = new byte[6];
            Random.Shared.NextBytes(id);
            return id;
        }
        string hex = value.Replace(":", "").Replace("-", "");
        if (hex.Length != 12 || !hex.All(Uri.IsHexDigit)) throw new ArgumentException("device id must be 6 bytes in hex, e.g. a0:b1:c2:d3:e4:f5");
        return Convert.FromHexString(hex);
    }

    public static IPEndPoint ParseHostPort(string value)
    {
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], out int port)) throw new ArgumentException($"expected HOST:PORT, got `{value}`");
        return new IPEndPoint(ResolveHost(value[..colon]), port);
    }

    public static IPAddress ResolveHost(string host)
    {
        if (IPAddress.TryParse(host, out var ip)) return ip;
        return Dns.GetHostAddresses(host).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
    }

    public static string Hex(byte[] id) => string.Join(':', id.Select(b => b.ToString("x2")));
}
