// `usmp device` interrupted by SIGINT / SIGTERM: it sends BYE (the gateway's UDP session ends at
// once instead of holding one of the IP's 5 sessions until the idle timeout) and exits 130 / 143.
using Usmp.Gateway;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public class DeviceSignalTests
{
    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task An_interrupted_udp_device_says_bye_and_exits_128_plus_the_signal(string signal, int expected)
    {
        await using var gw = new TestGateway(handler: new EchoHandler());
        using var p = new CliProcess("device", "--udp", "--port", gw.Udp.LocalEndPoint.Port.ToString(), "--telemetry", "1000", "--interval", "100");
        Assert.True(p.WaitForLine("sent "), string.Join(" | ", p.StderrLines));
        Assert.Equal(1, gw.Udp.ActiveSessions);
        p.Signal(signal);
        int? code = p.Wait(20000);
        Assert.True(code == expected, $"exit {code}; stderr: {string.Join(" | ", p.StderrLines)}");
        Assert.Contains(p.StderrLines, l => l.Contains($"SIG{signal}") && l.Contains("BYE sent"));
        Assert.True(await TestGateway.Eventually(() => gw.Udp.ActiveSessions == 0, 10000), "the gateway still holds the session after 10 s (its idle timeout is 60 s): no BYE arrived");
    }

    [Fact]
    public async Task No_reply_is_exit_1()
    {
        await using var gw = new TestGateway(handler: new SilentHandler());
        var (code, stdout, stderr) = CliProcess.Run("device", "--port", gw.Tcp.LocalEndPoint.Port.ToString(), "--send", "hello", "--reply-timeout", "300");
        Assert.True(code == 1, $"exit {code}: {stdout} {string.Join(" | ", stderr)}");
        Assert.Contains("(no reply)", stdout);
        Assert.Single(stderr);
        Assert.Contains("got no reply", stderr[0]);
        Assert.Contains("--reply-timeout 300", stderr[0]);
    }

    /// <summary>Reads and never answers.</summary>
    private sealed class SilentHandler : ISessionHandler
    {
        public async Task HandleAsync(GatewaySession session, CancellationToken ct)
        {
            try { while (true) await session.ReceiveAsync(null, ct); }
            catch (Exception e) when (e is SessionClosedException or OperationCanceledException) { }
        }
    }
}
