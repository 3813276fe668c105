// `usmp conformance HOST:PORT [--udp]`: a battery of checks against a gateway under test, run by
// our device client. Prints a pass/fail table; the exit code is the number of failures.
using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using Usmp.Cli.Device;
using Usmp.Gateway;
using Usmp.TestSupport;

namespace Usmp.Cli.Commands;

internal static class ConformanceCommand
{
    private static readonly int[] EchoSizes = [0, 1, 452, 453, 1808];

    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "the gateway under test, HOST:PORT" };
        var udp = new Option<bool>("--udp") { Description = "test the gateway's UDP side (adds the lossy-link row)" };
        var psk = new Option<string?>("--psk") { Description = "the gateway's PSK for our device (default: the development PSK)" };
        var deviceId = new Option<string?>("--device-id") { Description = "device id to present (default a0:b1:c2:d3:e4:f5)" };
        var seed = new Option<int>("--seed") { Description = "seed of the lossy proxy", DefaultValueFactory = _ => 7 };
        var cmd = new Command("conformance", "Run the conformance battery against a gateway; exit code = number of failed rows.")
        {
            target, udp, psk, deviceId, seed,
        };
        cmd.SetAction(r =>
        {
            IPEndPoint ep;
            byte[] id, key;
            try
            {
                ep = CliSupport.ParseHostPort(r.GetValue(target)!);
                id = CliSupport.ParseDeviceId(r.GetValue(deviceId) ?? "a0b1c2d3e4f5");
                key = CliSupport.ResolvePsk(r.GetValue(psk), null, id);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or System.Net.Sockets.SocketException)
            {
                Console.Error.WriteLine(e.Message);
                return 255;
            }
            return Run(Console.Out, ep, r.GetValue(udp), id, key, r.GetValue(seed));
        });
        return cmd;
    }

    public static int Run(TextWriter output, IPEndPoint target, bool udp, byte[] deviceId, byte[] psk, int seed = 7)
    {
        string t = udp ? "udp" : "tcp";
        output.WriteLine($"usmp conformance: {t} {target}, device {CliSupport.Hex(deviceId)}");
        var steps = new StepRunner(output);
        ScriptedTransport Transport(IPEndPoint ep)
        {
            if (!udp) return new(new Usmp.TcpTransport(ep, 5000, new Usmp.SystemClock()));
            var link = new Usmp.SocketDatagramLink(ep);
            return new(new Usmp.UdpTransport(link, new Usmp.SystemClock()), link);
        }
        DeviceClient Device(IPEndPoint ep, byte[]? key = null, ScriptedTransport? tr = null)
            => new(tr ?? Transport(ep), deviceId, key ?? psk);

        // 1. The happy path on one session.
        var transport = Transport(target);
        using (var device = Device(target, tr: transport))
        {
            if (steps.Run(t, "handshake", () => { device.Connect(); return "session established"; }))
            {
                foreach (int size in EchoSizes)
                    steps.Run(t, $"echo {size} B", () => DemoCommand.Echo(device, RandomNumberGenerator.GetBytes(size)));
                steps.Run(t, "ping / pong", () => { device.Ping(); return device.WaitForPong(5000) ? "PONG" : throw new StepFailed("no PONG"); });
                steps.Run(t, "rekey, then echo", () => { device.Rekey(); return DemoCommand.Echo(device, RandomNumberGenerator.GetBytes(100)); });
                steps.Run(t, "BYE", () => { device.Close(); return "closed"; });
            }
        }

        // 2. A wrong PSK is refused (the gateway closes / stays silent; never a session).
        steps.Run(t, "wrong PSK refused", () =>
        {
            using var device = Device(target, RandomNumberGenerator.GetBytes(32));
            try { device.Connect(udp ? 4000 : 5000); }
            catch (Exception e) when (e is UsmpException or IOException) { return $"refused ({e.GetType().Name})"; }
            throw new StepFailed("handshake with a wrong PSK succeeded");
        });

        // 3. A tampered frame: TCP ends the session; UDP drops it (the genuine frame after it is
        //    delivered once) and the session goes on.
        steps.Run(t, udp ? "tampered frame dropped" : "tampered frame ends session", () =>
        {
            var tr = Transport(target);
            using var device = Device(target, tr: tr);
            device.Connect();
            tr.TamperNextData = true;
            device.Send([1, 2, 3]);
            return udp ? AfterTamperedCopyUdp(device) : AfterBadFrameTcp(device);
        });

        // 4. A replayed frame: TCP ends the session (strict seq); UDP drops it (replay window).
        steps.Run(t, "replayed frame refused", () =>
        {
            var tr = Transport(target);
            using var device = Device(target, tr: tr);
            device.Connect();
            DemoCommand.Echo(device, [9, 9, 9]);
            tr.ReplayLastData();
            return udp ? AfterBadFrameUdp(device) : AfterBadFrameTcp(device);
        });

        // 5. UDP through a lossy link of ours: every message once, in order.
        if (udp)
        {
            steps.Run(t, "lossy link (10% drop, dup, reorder)", () =>
            {
                using var proxy = new LossyUdpProxyHandle(target, seed);
                using var device = Device(proxy.Endpoint);
                int tries = device.ConnectWithRetry(10, 3000); // §8: a lost HELLO_RETRY is never resent
                for (int i = 0; i < 20; i++) DemoCommand.Echo(device, BitConverter.GetBytes(i), 20000);
                device.Close();
                return $"{tries} connect attempt(s), 20 echoes in order; proxy dropped {proxy.Proxy.Dropped}, duplicated {proxy.Proxy.Duplicated}, reordered {proxy.Proxy.Reordered}";
            });
        }

        steps.PrintSummary($"conformance {t} {target}");
        return steps.Failures;
    }

    // TCP (§4): the gateway must close the session: no echo, the connection ends.
    private static string AfterBadFrameTcp(DeviceClient device)
    {
        try
        {
            byte[]? reply = device.Receive(3000);
            if (reply != null) throw new StepFailed("the gateway answered a bad frame");
            device.Send([4, 5, 6]);
            reply = device.Receive(3000);
            if (reply != null) throw new StepFailed("the session survived a bad frame");
            return "no reply; session not usable";
        }
        catch (Exception e) when (e is UsmpException or IOException) { return $"session ended ({e.GetType().Name})"; }
    }

    // UDP (§8): the tampered copy is dropped silently, the genuine frame that followed it is
    // delivered exactly once, and the session continues.
    private static string AfterTamperedCopyUdp(DeviceClient device)
    {
        byte[]? reply = device.Receive(3000);
        if (reply == null || !reply.AsSpan().SequenceEqual(new byte[] { 1, 2, 3 }))
            throw new StepFailed(reply == null ? "the genuine frame after the tampered copy was not delivered" : $"the gateway answered with {reply.Length} B, not the genuine message");
        reply = device.Receive(500);
        if (reply != null) throw new StepFailed($"a second answer ({reply.Length} B): the tampered copy was delivered too");
        DemoCommand.Echo(device, [7, 7, 7, 7]);
        return "tampered copy dropped; genuine frame delivered once; session still echoes";
    }

    // UDP (§8): the frame is dropped silently and the session continues.
    private static string AfterBadFrameUdp(DeviceClient device)
    {
        byte[]? reply = device.Receive(500);
        if (reply != null) throw new StepFailed($"the gateway answered a bad frame ({reply.Length} B)");
        DemoCommand.Echo(device, [7, 7, 7, 7]);
        return "dropped; session still echoes";
    }

    // Sync wrapper so the proxy can sit in a using block of this synchronous battery.
    private sealed class LossyUdpProxyHandle(IPEndPoint target, int seed) : IDisposable
    {
        public LossyUdpProxy Proxy { get; } = new(target, seed);
        public IPEndPoint Endpoint => Proxy.Endpoint;
        public void Dispose() => Proxy.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
