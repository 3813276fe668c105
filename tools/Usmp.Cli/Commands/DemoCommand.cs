// `usmp demo`: a gateway and a device on 127.0.0.1 with the development PSK, on free ports:
// handshake, telemetry readings echoed, a fragmented 1,500-byte message, a rekey, a ping and a
// clean BYE, over TCP and then UDP. Live trace with timings, then a summary; exit 0 only if every
// step succeeded.
using System.CommandLine;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Usmp.Cli.Device;
using Usmp.Gateway;

namespace Usmp.Cli.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var verbose = new Option<bool>("--verbose") { Description = "also print the gateway's log lines" };
        var readings = CliSupport.Int("--telemetry", "telemetry readings per transport", 3, 0, 1000);
        var cmd = new Command("demo", "Run a gateway and a device on 127.0.0.1 (development PSK) and walk through a whole session over TCP, then UDP.")
        {
            verbose, readings,
        };
        cmd.SetAction(async (r, ct) => await RunAsync(Console.Out, r.GetValue(verbose), r.GetValue(readings)));
        return cmd;
    }

    public static async Task<int> RunAsync(TextWriter output, bool verbose = false, int readings = 3)
    {
        using var logs = CliSupport.Logging(verbose ? LogLevel.Information : LogLevel.Warning);
        var log = logs.CreateLogger("usmp.gateway");
        // As `usmp gateway --dev-psk`: the public development key, which the demo's device also holds.
        var psks = GatewayCommand.ChoosePsks(null, devPsk: true, allowReadableFile: false, TextWriter.Null)!;
        var options = new GatewayOptions();
        await using var tcp = new TcpGateway(options, psks, new EchoHandler(), log);
        await using var udp = new UdpGateway(options, psks, new EchoHandler(), log);
        tcp.Start(IPAddress.Loopback, 0);
        udp.Start(IPAddress.Loopback, 0);
        output.WriteLine($"usmp demo: gateway on tcp {tcp.LocalEndPoint} and udp {udp.LocalEndPoint} with --dev-psk: the public development PSK \"{PskStore.DevelopmentPsk}\" (demos and tests only; a real gateway takes --psk-file)");
        var steps = new StepRunner(output);
        byte[] psk = Encoding.ASCII.GetBytes(PskStore.DevelopmentPsk);
        byte[] deviceId = Convert.FromHexString("a0b1c2d3e4f5");
        await Task.Run(() =>
        {
            Walk(steps, "tcp", DeviceClient.Tcp(tcp.LocalEndPoint, deviceId, psk), readings);
            Walk(steps, "udp", DeviceClient.Udp(udp.LocalEndPoint, deviceId, psk), readings);
        });
        steps.PrintSummary("summary");
        return steps.Failures == 0 ? 0 : 1;
    }

    private static void Walk(StepRunner steps, string t, DeviceClient device, int readings)
    {
        using (device)
        {
            if (!steps.Run(t, "handshake", () => { device.Connect(); return "session established"; })) return;
            for (int i = 0; i < readings; i++)
            {
                string reading = $"{{\"sensor\":\"t1\",\"n\":{i},\"temp_c\":{21.5 + i * 0.25:F2}}}";
                steps.Run(t, $"telemetry #{i + 1} echoed", () => Echo(device, Encoding.UTF8.GetBytes(reading)));
            }
            byte[] big = new byte[1500];
            for (int i = 0; i < big.Length; i++) big[i] = (byte)(i * 7 + 3);
            steps.Run(t, "1,500 B message (4 fragments) echoed", () => Echo(device, big));
            steps.Run(t, "rekey", () => { device.Rekey(); return "new keys both ways, seqs reset"; });
            steps.Run(t, "echo after rekey", () => Echo(device, Encoding.UTF8.GetBytes("after rekey")));
            steps.Run(t, "ping", () =>
            {
                device.Ping();
                if (!device.WaitForPong(5000)) throw new StepFailed("no PONG within 5 s");
                return "PONG";
            });
            steps.Run(t, "BYE", () => { device.Close(); return "session closed"; });
        }
    }

    internal static string Echo(DeviceClient device, byte[] data, int timeoutMs = 5000)
    {
        device.Send(data);
        byte[]? reply = device.Receive(timeoutMs) ?? throw new StepFailed($"no echo within {timeoutMs} ms");
        if (!reply.AsSpan().SequenceEqual(data)) throw new StepFailed($"echo differs ({reply.Length} B back for {data.Length} B)");
        return $"{data.Length} B round trip";
    }
}
