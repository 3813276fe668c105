// `usmp conformance` against OUR gateway: every row passes over TCP and UDP (the rows where the
// spec records that implementations differ say "differs", and the weakness rows "no weakness");
// the JSON and JUnit reports carry the same rows; exit codes 0 / 1 / 3 as documented.
using System.Text.Json;
using System.Xml.Linq;
using Usmp.Cli.Commands;
using Usmp.Cli.Conformance;
using Usmp.Gateway;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public class ConformanceTests
{
    // Short idle timeout, a small total limit and a REKEY policy, so the §9 idle and total rows and the
    // §7 gateway-REKEY row run (and are told about them), as a gateway author would. 24 messages: no
    // other row sends that many in one session.
    internal static GatewayOptions Options() => new() { SessionTimeout = TimeSpan.FromSeconds(4), MaxConnections = 12, RekeyAfterMessages = 24 };

    internal static Target TargetFor(System.Net.IPEndPoint ep, bool udp) => new()
    {
        Endpoint = ep, Udp = udp, DeviceId = TestGateway.DeviceId, Psk = TestGateway.Psk, SessionTimeout = 4, MaxConnections = 12, RekeyAfter = 24,
    };

    [Theory]
    [InlineData(Wire.Tcp)]
    [InlineData(Wire.Udp)]
    public async Task Our_gateway_passes_every_row(Wire wire)
    {
        await using var gw = new TestGateway(handler: new EchoHandler(), options: Options());
        var output = new StringWriter();
        var json = new StringWriter();
        string junit = Path.GetTempFileName();
        int code = await Task.Run(() => ConformanceCommand.Run(TargetFor(gw.Endpoint(wire), wire == Wire.Udp), output, json, junit));
        string text = output.ToString();
        Assert.True(code == 0, text);

        using var doc = JsonDocument.Parse(json.ToString());
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r);
        string Result(string id) => rows[id].GetProperty("result").GetString()!;
        Assert.True(rows.Count >= (wire == Wire.Udp ? 55 : 45), $"{rows.Count} rows");
        Assert.Equal(0, doc.RootElement.GetProperty("failed").GetInt32());
        Assert.DoesNotContain(rows.Values, r => r.GetProperty("result").GetString() is "fail" or "skipped" or "warn");
        // Where the spec records that implementations differ, our gateway takes the C core's side.
        Assert.Equal("differs", Result("hs.hello-bad-crc"));
        Assert.Equal("differs", Result("msg.ping-flood"));
        Assert.Contains("answered 8 PINGs", rows["msg.ping-flood"].GetProperty("detail").GetString());
        Assert.Equal("pass", Result("limit.idle"));
        Assert.Equal("pass", Result("limit.total"));
        Assert.Contains("12 sessions from 12 addresses", rows["limit.total"].GetProperty("detail").GetString());
        Assert.Equal("pass", Result("msg.rekey-from-gateway"));
        Assert.Contains("REKEY before message 25", rows["msg.rekey-from-gateway"].GetProperty("detail").GetString());
        Assert.Equal("pass", Result("msg.fifth-fragment"));
        Assert.Equal("pass", Result("hs.wrong-proof"));
        if (wire == Wire.Udp)
        {
            Assert.Contains("no weakness", rows["udp.forged-ack"].GetProperty("detail").GetString());
            Assert.Contains("no weakness", rows["udp.partial-message"].GetProperty("detail").GetString());
            Assert.Equal("pass", Result("udp.lossy"));
        }

        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.Equal(rows.Count.ToString(), suite.Attribute("tests")!.Value);
        Assert.Equal("0", suite.Attribute("failures")!.Value);
        File.Delete(junit);
    }

    // The rows that need the user's word about the gateway fail when the gateway does not keep it.
    [Theory]
    [InlineData(Wire.Tcp)]
    [InlineData(Wire.Udp)]
    public async Task A_gateway_without_the_stated_rekey_policy_or_total_limit_fails_those_rows(Wire wire)
    {
        await using var gw = new TestGateway(handler: new EchoHandler(), options: new GatewayOptions { MaxConnections = 20 });
        var output = new StringWriter();
        var json = new StringWriter();
        var target = new Target { Endpoint = gw.Endpoint(wire), Udp = wire == Wire.Udp, DeviceId = TestGateway.DeviceId, Psk = TestGateway.Psk, MaxConnections = 6, RekeyAfter = 3 };
        int code = await Task.Run(() => ConformanceCommand.Run(target, output, json, only: ["limit.total", "msg.rekey-from-gateway"]));
        Assert.True(code == ConformanceCommand.RowsFailed, output.ToString());
        using var doc = JsonDocument.Parse(json.ToString());
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r);
        Assert.Equal("fail", rows["limit.total"].GetProperty("result").GetString());
        Assert.Contains("session 7 was accepted and echoes", rows["limit.total"].GetProperty("detail").GetString());
        Assert.Equal("fail", rows["msg.rekey-from-gateway"].GetProperty("result").GetString());
        Assert.Contains("no REKEY from the gateway within 4 messages", rows["msg.rekey-from-gateway"].GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Without_the_gateway_facts_those_rows_are_skipped_and_say_which_option()
    {
        await using var gw = new TestGateway(handler: new EchoHandler());
        var output = new StringWriter();
        var target = new Target { Endpoint = gw.Endpoint(Wire.Tcp), Udp = false, DeviceId = TestGateway.DeviceId, Psk = TestGateway.Psk };
        int code = await Task.Run(() => ConformanceCommand.Run(target, output, only: ["limit.total", "msg.rekey-from-gateway"]));
        Assert.True(code == 0, output.ToString());
        Assert.Contains("give --max-connections N", output.ToString());
        Assert.Contains("give --rekey-after N", output.ToString());
    }

    [Fact]
    public async Task Only_runs_the_chosen_rows_and_the_rows_they_need()
    {
        await using var gw = new TestGateway(handler: new EchoHandler());
        var output = new StringWriter();
        int code = await Task.Run(() => ConformanceCommand.Run(TargetFor(gw.Endpoint(Wire.Tcp), false), output, only: ["limit.lockout"]));
        Assert.True(code == 0, output.ToString());
        Assert.Contains("3 rows: 3 passed, 0 failed", output.ToString());   // lockout needs hs.wrong-proof, which needs hs.established
    }

    [Fact]
    public void A_port_with_no_gateway_is_exit_1_in_one_line()
    {
        var (code, stdout, stderr) = CliProcess.Run("conformance", "127.0.0.1:9", "--udp", "--timeout", "300");
        Assert.True(code == 1, $"exit {code}: {string.Join(" | ", stderr)}");
        Assert.Single(stderr);
        Assert.Contains("no USMP answer from udp 127.0.0.1:9", stderr[0]);
        Assert.DoesNotContain("pass", stdout);
    }

    [Fact]
    public async Task A_wrong_psk_is_exit_1_naming_the_device_and_what_to_give()
    {
        await using var gw = new TestGateway(handler: new EchoHandler());
        var (code, _, stderr) = CliProcess.Run("conformance", $"127.0.0.1:{gw.Tcp.LocalEndPoint.Port}", "--psk", "text:not-the-gateway-psk");
        Assert.True(code == 1, $"exit {code}: {string.Join(" | ", stderr)}");
        Assert.Single(stderr);
        Assert.Contains("refused our device a0:b1:c2:d3:e4:f5", stderr[0]);
        Assert.Contains("--psk-file", stderr[0]);
    }
}
