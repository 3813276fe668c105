// Every mistake a new user makes, run through the built CLI: ONE stderr line that says what was
// wrong and names the endpoint, file or option, never a stack trace or a .NET type name, and the
// documented exit code (2 usage, 1 runtime).
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public sealed class CliErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("usmp-cli-").FullName;
    private readonly Socket _busy = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly int _busyPort, _deadPort;

    public CliErrorTests()
    {
        _busy.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _busy.Listen();
        _busyPort = ((IPEndPoint)_busy.LocalEndPoint!).Port;
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _deadPort = ((IPEndPoint)s.LocalEndPoint!).Port;   // free once closed: nothing listens there
    }

    public void Dispose() { _busy.Dispose(); Directory.Delete(_dir, true); }

    private static void AssertOneLine(string[] args, int expectedCode, params string[] mustContain)
    {
        var (code, stdout, stderr) = CliProcess.Run(args);
        string all = string.Join(" | ", stderr);
        Assert.True(code == expectedCode, $"usmp {string.Join(' ', args)}: exit {code?.ToString() ?? "hung"}, expected {expectedCode}; stderr: {all}");
        // Not errors: the --dev-psk announcement and `load`'s indented live progress lines.
        string[] errors = stderr.Where(l => !l.StartsWith("warning: --dev-psk") && !l.StartsWith(' ')).ToArray();
        Assert.True(errors.Length == 1, $"usmp {string.Join(' ', args)}: expected one error line, got {errors.Length}: {all}");
        foreach (string s in mustContain) Assert.Contains(s, errors[0]);
        foreach (string bad in new[] { "   at ", "System.", "Exception", "socket error", "(Parameter", "Usmp.Cli" })
            Assert.DoesNotContain(bad, errors[0] + stdout);
    }

    [Fact] public void Gateway_port_in_use() => AssertOneLine(["gateway", "--tcp", _busyPort.ToString(), "--dev-psk"], 1, $"tcp port {_busyPort}", "already in use", "--tcp");
    [Fact] public void Gateway_bind_with_three_numbers() => AssertOneLine(["gateway", "--tcp", "0", "--bind", "1.2.3", "--dev-psk"], 2, "--bind 1.2.3", "not an IP address");
    [Fact] public void Gateway_bind_not_on_this_machine() => AssertOneLine(["gateway", "--tcp", "0", "--bind", "10.213.7.9", "--dev-psk"], 1, "10.213.7.9", "not an address of this machine");
    [Fact] public void Gateway_psk_file_is_a_directory() => AssertOneLine(["gateway", "--tcp", "0", "--psk-file", _dir], 2, _dir, "is a directory");
    [Fact] public void Gateway_psk_file_missing() => AssertOneLine(["gateway", "--tcp", "0", "--psk-file", _dir + "/nope"], 2, _dir + "/nope", "does not exist");
    [Fact] public void Gateway_port_not_a_number() => AssertOneLine(["gateway", "--tcp", "abc", "--dev-psk"], 2, "--tcp `abc`", "port number");
    [Fact] public void Gateway_port_too_big() => AssertOneLine(["gateway", "--udp", "70000", "--dev-psk"], 2, "--udp `70000`");
    [Fact] public void Gateway_negative_limit() => AssertOneLine(["gateway", "--tcp", "0", "--dev-psk", "--max-per-ip", "-1"], 2, "--max-per-ip `-1`");
    [Fact] public void Conformance_short_text_psk() => AssertOneLine(["conformance", "127.0.0.1:9", "--psk", "text:short"], 2, "--psk", "5 bytes", "at least 16");
    [Fact] public void Conformance_without_port() => AssertOneLine(["conformance", "localhost"], 2, "`localhost`", "HOST:PORT");
    [Fact] public void Conformance_junit_is_a_directory() => AssertOneLine(["conformance", "127.0.0.1:9", "--junit", _dir], 2, "--junit", "is a directory");
    [Fact] public void Conformance_only_selects_nothing() => AssertOneLine(["conformance", "127.0.0.1:9", "--only", "nosuchrow"], 2, "--only nosuchrow", "selects no row");
    [Fact] public void Conformance_ipv6_target() => AssertOneLine(["conformance", "[::1]:9000"], 2, "`::1`", "IPv4 only");
    // A TCP server that is not a USMP gateway (it accepts, never answers): exit 1 before any row, not
    // "wrong PSK refused: pass" followed by every dependent row timing out.
    [Fact] public void Conformance_against_a_silent_tcp_server() => AssertOneLine(["conformance", $"127.0.0.1:{_busyPort}", "--timeout", "500"], 1, $"tcp 127.0.0.1:{_busyPort}", "sent no CHALLENGE", "USMP v2 gateway");
    [Fact] public void Conformance_nothing_listening() => AssertOneLine(["conformance", $"127.0.0.1:{_deadPort}"], 1, $"127.0.0.1:{_deadPort}", "nothing is listening");
    [Fact] public void Device_connection_refused() => AssertOneLine(["device", "--port", _deadPort.ToString()], 1, $"tcp 127.0.0.1:{_deadPort}", "nothing is listening", "start the gateway");
    [Fact] public void Device_negative_reply_timeout() => AssertOneLine(["device", "--reply-timeout", "-5"], 2, "--reply-timeout `-5`");
    [Fact] public void Device_port_not_a_number() => AssertOneLine(["device", "--port", "x"], 2, "--port `x`");
    [Fact] public void Device_odd_hex_psk() => AssertOneLine(["device", "--psk", "0123456789abcdef0123456789abcdef0"], 2, "33 hex digits", "odd");
    [Fact] public void Device_short_hex_psk() => AssertOneLine(["device", "--psk", "0123456789abcdef"], 2, "16 hex digits", "at least 16 bytes");
    [Fact] public void Device_text_psk_without_prefix() => AssertOneLine(["device", "--psk", "my-long-passphrase-here"], 2, "not hex", "text:");
    [Fact] public void Device_bad_device_id() => AssertOneLine(["device", "--device-id", "zz"], 2, "--device-id `zz`", "6 bytes");
    [Fact] public void Device_host_with_three_numbers() => AssertOneLine(["device", "--host", "1.2.3"], 2, "--host `1.2.3`", "not an IPv4 address");
    [Fact] public void Device_unknown_host() => AssertOneLine(["device", "--host", "no-such-host.invalid"], 1, "no-such-host.invalid", "cannot be resolved");
    [Fact] public void Device_psk_and_psk_file() => AssertOneLine(["device", "--psk", "text:sixteen-bytes-psk!", "--psk-file", "x"], 2, "--psk or --psk-file");
    [Fact] public void Load_psk_file_written_twice_is_refused()
    {
        string f = Path.Combine(_dir, "psks");
        var first = CliProcess.Run("load", "--write-psk-file", f, "--devices", "3");
        Assert.True(first.Code == 0, string.Join(" | ", first.Stderr));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f));
        Assert.Equal(3, File.ReadAllLines(f).Count(l => l.Contains('=')));
        AssertOneLine(["load", "--write-psk-file", f], 2, f, "already exists");
    }
    [Fact] public void Load_nothing_listening() => AssertOneLine(["load", $"127.0.0.1:{_deadPort}", "--duration", "1", "--ramp", "0", "--devices", "2"], 1, $"127.0.0.1:{_deadPort}", "no device could connect", "connection refused");
    [Fact] public void Load_ramp_longer_than_duration() => AssertOneLine(["load", "--duration", "2", "--ramp", "5"], 2, "--ramp", "--duration");
    [Fact] public void Bench_bad_number() => AssertOneLine(["bench", "--seconds", "x"], 2, "--seconds `x`");
    [Fact] public void Unknown_verb() => AssertOneLine(["frobnicate"], 2, "unknown verb `frobnicate`", "conformance");

    [Fact]
    public void Usage_lines_say_usmp()
    {
        var (code, stdout, _) = CliProcess.Run("device", "--help");
        Assert.Equal(0, code);
        Assert.Contains("usmp device [options]", stdout);
        Assert.DoesNotContain("Usmp.Cli", stdout);
    }
}
