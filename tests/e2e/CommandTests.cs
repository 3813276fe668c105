// The CLI verbs, run in-process: `demo` exits 0; `conformance` against our own gateway passes every row.
using Usmp.Cli.Commands;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public class CommandTests
{
    [Fact]
    public async Task Demo_exits_zero()
    {
        var output = new StringWriter();
        int code = await DemoCommand.RunAsync(output);
        Assert.True(code == 0, output.ToString());
        Assert.Contains("18 passed, 0 failed", output.ToString());
        Assert.Contains("--dev-psk", output.ToString());   // the demo says it runs on the public development key
    }

    [Theory]
    [InlineData(Wire.Tcp)]
    [InlineData(Wire.Udp)]
    public async Task Conformance_against_our_own_gateway_passes_every_row(Wire wire)
    {
        await using var gw = new TestGateway(handler: new Usmp.Gateway.EchoHandler());
        var output = new StringWriter();
        int failures = await Task.Run(() => ConformanceCommand.Run(output, gw.Endpoint(wire), wire == Wire.Udp,
            TestGateway.DeviceId, TestGateway.Psk));
        Assert.True(failures == 0, output.ToString());
        Assert.Contains(wire == Wire.Udp ? "13 passed, 0 failed" : "12 passed, 0 failed", output.ToString());
    }
}
