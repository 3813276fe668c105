// `usmp gateway` as an operator runs it (a child process of the built CLI): secure defaults
// (loopback only, no PSK unless one is chosen), and a PSK file it will not use (readable by group
// or others, a device id given twice) refused in one line that names the file and what to do.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public sealed class GatewayCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("usmp-gw-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private sealed record Run(int? ExitCode, string Stdout, string[] StderrLines);

    /// <summary>Runs `Usmp.Cli gateway ...`; returns when it exits, or once it printed READY (then kills it),
    /// or at the guard. While it is up, <paramref name="whileReady"/> gets its READY line.</summary>
    private static Run Gateway(string[] args, Action<string>? whileReady = null, int guardMs = 20000)
    {
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Usmp.Cli"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add("gateway");
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = new StringBuilder();
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginErrorReadLine();
        var ready = Task.Run(() => p.StandardOutput.ReadLine());   // READY is the FIRST line on stdout (logs go to stderr)
        if (ready.Wait(guardMs) && ready.Result is { } line && line.StartsWith("READY"))
        {
            try { whileReady?.Invoke(line); }
            finally { p.Kill(true); p.WaitForExit(5000); }
            return new Run(null, line, Lines(stderr));
        }
        if (!p.WaitForExit(guardMs)) { p.Kill(true); return new Run(null, "", Lines(stderr)); }
        p.WaitForExit();
        return new Run(p.ExitCode, ready.IsCompleted ? ready.Result ?? "" : "", Lines(stderr));
    }

    private static string[] Lines(StringBuilder sb) { lock (sb) return sb.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries); }

    private string PskFile(string text, UnixFileMode mode)
    {
        string path = Path.Combine(_dir, "psks.txt");
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private const UnixFileMode Mode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode644 = Mode600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public void Without_a_psk_choice_the_gateway_does_not_start()
    {
        var r = Gateway(["--tcp", "0"]);
        Assert.True(r.ExitCode == 2, $"the gateway started without being given a PSK (stdout: {r.Stdout}; stderr: {string.Join(" | ", r.StderrLines)})");
        Assert.Single(r.StderrLines);
        Assert.Contains("--psk-file", r.StderrLines[0]);
        Assert.Contains("--dev-psk", r.StderrLines[0]);
    }

    [Fact]
    public void The_development_psk_is_used_only_on_request_and_the_gateway_binds_loopback_by_default()
    {
        string? tcpAddress = null, udpAddress = null;
        var r = Gateway(["--tcp", "0", "--udp", "0", "--dev-psk"], ready =>
        {
            var m = System.Text.RegularExpressions.Regex.Match(ready, @"tcp=(\d+) udp=(\d+)");
            tcpAddress = ListeningAddress("/proc/net/tcp", int.Parse(m.Groups[1].Value));
            udpAddress = ListeningAddress("/proc/net/udp", int.Parse(m.Groups[2].Value));
        });
        Assert.True(r.Stdout.StartsWith("READY"), $"the gateway did not start with --dev-psk: exit {r.ExitCode}, {string.Join(" | ", r.StderrLines)}");
        Assert.Equal("127.0.0.1", tcpAddress);
        Assert.Equal("127.0.0.1", udpAddress);
        Assert.Contains(r.StderrLines, l => l.Contains("development PSK"));
    }

    // The local address of the socket bound to this port, from /proc/net/{tcp,udp} ("0100007F:1F90").
    private static string? ListeningAddress(string table, int port)
    {
        string hexPort = port.ToString("X4");
        foreach (string line in File.ReadLines(table).Skip(1))
        {
            string local = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            if (!local.EndsWith(":" + hexPort)) continue;
            uint a = uint.Parse(local[..8], NumberStyles.HexNumber);
            return $"{a & 0xFF}.{(a >> 8) & 0xFF}.{(a >> 16) & 0xFF}.{a >> 24}";
        }
        return null;
    }

    [Fact]
    public void A_psk_file_readable_by_group_or_others_is_refused_in_one_line()
    {
        string path = PskFile("a0b1c2d3e4f5=text:sixteen-bytes-psk!\n", Mode644);
        var r = Gateway(["--tcp", "0", "--psk-file", path]);
        Assert.True(r.ExitCode == 2, $"a mode 0644 PSK file was accepted (stdout: {r.Stdout}; stderr: {string.Join(" | ", r.StderrLines)})");
        Assert.Single(r.StderrLines);
        Assert.Contains(path, r.StderrLines[0]);
        Assert.Contains("0644", r.StderrLines[0]);
        Assert.Contains($"chmod 600 {path}", r.StderrLines[0]);
    }

    [Fact]
    public void A_psk_file_of_mode_600_is_used()
    {
        string path = PskFile("a0b1c2d3e4f5=text:sixteen-bytes-psk!\n", Mode600);
        var r = Gateway(["--tcp", "0", "--psk-file", path]);
        Assert.True(r.Stdout.StartsWith("READY"), $"exit {r.ExitCode}: {string.Join(" | ", r.StderrLines)}");
    }

    [Fact]
    public void A_device_id_given_twice_is_refused_naming_the_file_and_line()
    {
        string path = PskFile("a0b1c2d3e4f5=text:sixteen-bytes-psk!\n# another\nA0:B1:C2:D3:E4:F5=text:another-16-byte-psk\n", Mode600);
        var r = Gateway(["--tcp", "0", "--psk-file", path]);
        Assert.True(r.ExitCode == 2, $"a repeated device id was accepted (stdout: {r.Stdout}; stderr: {string.Join(" | ", r.StderrLines)})");
        Assert.Single(r.StderrLines);
        Assert.Contains($"{path}:3", r.StderrLines[0]);
        Assert.Contains("line 1", r.StderrLines[0]);
    }
}
