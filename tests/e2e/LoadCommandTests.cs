// `usmp load` as a user runs it: against our gateway (one it starts itself, a child process) for a
// few seconds, with the figures printed and a sane JSON summary; and that child gateway dies with
// its parent even when the parent is killed with SIGKILL.
using System.Text.Json;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public class LoadCommandTests
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public void Load_runs_against_our_gateway_and_prints_figures(string transport)
    {
        string[] args = ["load", "--devices", "4", "--ramp", "0.5", "--duration", "3", "--rekey-every", "20", "--json", .. transport == "udp" ? new[] { "--udp" } : []];
        using var p = new CliProcess(args);
        int? code = p.Wait(60000);
        string stderr = string.Join("\n", p.StderrLines);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.Contains("handshakes", stderr);
        Assert.Contains("latency     p50", stderr);
        Assert.Contains("driver CPU", stderr);
        Assert.Contains("devices up", stderr);   // the live progress line
        using var doc = JsonDocument.Parse(p.Stdout);
        var r = doc.RootElement;
        Assert.True(r.GetProperty("handshakes").GetInt64() >= 4, p.Stdout);
        Assert.True(r.GetProperty("echoes").GetInt64() > 10, p.Stdout);
        Assert.True(r.GetProperty("rekeys").GetInt64() > 0, p.Stdout);
        var lat = r.GetProperty("latency_ms");
        Assert.True(lat.GetProperty("p50").GetDouble() > 0 && lat.GetProperty("p50").GetDouble() <= lat.GetProperty("p99").GetDouble(), p.Stdout);
        Assert.True(lat.GetProperty("p99").GetDouble() <= lat.GetProperty("max").GetDouble(), p.Stdout);
        Assert.Empty(r.GetProperty("errors").EnumerateObject());
        Assert.True(r.GetProperty("driver_cpu").GetProperty("seconds").GetDouble() > 0, p.Stdout);
    }

    // `bench` is load phases against a gateway it starts itself: one table row per N, figures > 0, no errors.
    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public void Bench_runs_load_phases_and_prints_a_row_per_device_count(string transport)
    {
        string[] args = ["bench", "--devices", "1", "3", "--seconds", "1", "--no-warmup", .. transport == "udp" ? new[] { "--udp" } : []];
        using var p = new CliProcess(args);
        int? code = p.Wait(90000);
        Assert.True(code == 0, $"exit {code}: {string.Join("\n", p.StderrLines)}");
        var rows = p.Stdout.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\|\s+\d+ \|")).ToArray();
        Assert.True(rows.Length == 2, p.Stdout);
        foreach (string row in rows)
        {
            string[] cells = row.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(double.Parse(cells[1]) > 0 && double.Parse(cells[5]) > 0, $"no handshakes or no echoes: {row}");   // hs/s, echoes/s
            Assert.True(double.Parse(cells[3]) > 0 && double.Parse(cells[8]) > 0, $"no gateway CPU measured: {row}");     // gw CPU/hs, /frame
            Assert.Equal("0", cells[^1]);                                                                                    // errors
        }
    }

    [Fact]
    public void The_gateway_started_by_load_dies_with_its_parent()
    {
        using var p = new CliProcess("load", "--devices", "1", "--ramp", "0", "--duration", "60");
        Assert.True(p.WaitForLine("child pid"), string.Join(" | ", p.StderrLines));
        var m = System.Text.RegularExpressions.Regex.Match(p.Stdout, @"child pid (\d+)");
        int child = int.Parse(m.Groups[1].Value);
        Assert.True(Directory.Exists($"/proc/{child}"));
        p.Signal("KILL");
        bool gone = SpinWait.SpinUntil(() => !Directory.Exists($"/proc/{child}") || File.ReadAllText($"/proc/{child}/stat").Contains(") Z "), 10000);
        Assert.True(gone, $"gateway child {child} outlived its killed parent");
    }

    [Fact]
    public async Task Load_with_a_written_psk_file_gives_each_device_its_own_key()
    {
        string dir = Directory.CreateTempSubdirectory("usmp-load-").FullName;
        string file = Path.Combine(dir, "load.psk");
        try
        {
            var written = CliProcess.Run("load", "--write-psk-file", file, "--devices", "3");
            Assert.True(written.Code == 0, string.Join(" | ", written.Stderr));
            // The gateway knows exactly these three devices (no `*` entry): a shared or wrong key would be refused.
            await using var gw = new TestGateway(handler: new Usmp.Gateway.EchoHandler(), psks: Usmp.Gateway.PskStore.Load(file, false));
            using var p = new CliProcess("load", $"127.0.0.1:{gw.Tcp.LocalEndPoint.Port}", "--psk-file", file, "--devices", "3", "--ramp", "0", "--duration", "2", "--json");
            Assert.True(p.Wait(60000) == 0, string.Join(" | ", p.StderrLines));
            using var doc = JsonDocument.Parse(p.Stdout);
            Assert.True(doc.RootElement.GetProperty("handshakes").GetInt64() >= 3, p.Stdout);
            Assert.Empty(doc.RootElement.GetProperty("errors").EnumerateObject());
            Assert.Equal(0, gw.Tcp.HandshakesFailed);
        }
        finally { Directory.Delete(dir, true); }
    }
}
