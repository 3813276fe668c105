// §8: over a lossy link (tools/Usmp.Cli/Conformance/LossyLink.cs: drop 10%, duplication, reordering; fixed seeds) the ARQ and the replay
// window still deliver every message exactly once, in order, both ways.
using Usmp.Gateway;
using Usmp.Cli.Conformance;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public class LossyUdpTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_message_arrives_once_and_in_order_through_a_lossy_link(int seed)
    {
        await using var gw = new TestGateway();
        using var proxy = new LossyLink(gw.Udp.LocalEndPoint, seed);   // the conformance battery's link: drop 10 %, duplicate 5 %, reorder 5 %
        await Task.Run(() =>
        {
            using var device = TestGateway.Device(Wire.Udp, proxy.Endpoint);
            device.ConnectWithRetry(10, 3000);   // §8: a lost HELLO_RETRY means a new connect
            // device -> gateway -> device: 30 echoes, each a distinct message, two of them fragmented
            for (int i = 0; i < 30; i++)
            {
                byte[] m = i % 15 == 7 ? ScriptHandler.Pattern(1500, i) : BitConverter.GetBytes(i);
                device.Send(m);
                Assert.Equal(m, device.Receive(30000));
            }
            // gateway -> device: a burst of 30 numbered messages, received exactly once, in order
            device.Send("burst:30"u8.ToArray());
            for (int i = 0; i < 30; i++) Assert.Equal(BitConverter.GetBytes(i), device.Receive(30000));
            Assert.Null(device.Receive(300));
        });
        Assert.True(proxy.Dropped > 0, "the proxy must actually have dropped datagrams");
        Assert.True(proxy.Duplicated + proxy.Reordered > 0, "the proxy must actually have duplicated or reordered");
    }
}
