// The demo verb, run in-process: it exits 0 and says it runs on the development PSK.
// (conformance: ConformanceTests; the CLI's mistakes: CliErrorTests; load: LoadCommandTests.)
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
}
