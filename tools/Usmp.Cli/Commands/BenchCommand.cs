// `usmp bench`: handshakes/s and frames/s on loopback with N concurrent devices, and the gateway's
// CPU time per handshake and per frame and memory per session. The gateway runs as a SEPARATE
// process (`usmp gateway`, a child), measured from /proc/<pid>/stat (utime + stime) and
// /proc/<pid>/status (VmRSS) before and after each phase. Prints figures; asserts nothing.
using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text;
using Usmp.Cli.Device;

namespace Usmp.Cli.Commands;

internal static class BenchCommand
{
    public static Command Create()
    {
        var devices = new Option<int[]>("--devices") { Description = "concurrent devices, one run per value", DefaultValueFactory = _ => [1, 100, 1000], AllowMultipleArgumentsPerToken = true };
        var handshakes = new Option<int>("--handshakes") { Description = "handshakes per device", DefaultValueFactory = _ => 2 };
        var messages = new Option<int>("--messages") { Description = "echoed messages per device", DefaultValueFactory = _ => 20 };
        var size = new Option<int>("--size") { Description = "message size in bytes (<= 452 is one frame)", DefaultValueFactory = _ => 64 };
        var udp = new Option<bool>("--udp") { Description = "benchmark the UDP side" };
        var cmd = new Command("bench", "Benchmark a gateway child process with N concurrent devices on loopback (prints figures only).")
        {
            devices, handshakes, messages, size, udp,
        };
        cmd.SetAction(r => Run(r.GetValue(devices)!, r.GetValue(handshakes), r.GetValue(messages), r.GetValue(size), r.GetValue(udp)));
        return cmd;
    }

    private static int Run(int[] deviceCounts, int handshakes, int messages, int size, bool udp)
    {
        using var gateway = GatewayProcess.Start(udp);
        Console.WriteLine($"usmp bench: gateway pid {gateway.Pid} ({(udp ? "udp" : "tcp")} {gateway.Endpoint}), {handshakes} handshakes and {messages} x {size} B echoes per device, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"devices",7} | {"handshakes/s",12} | {"gw CPU ms/hs",12} | {"frames/s",10} | {"gw CPU us/frame",15} | {"gw KiB/session",14} | {"errors",6}");
        Console.WriteLine(new string('-', 96));
        foreach (int n in deviceCounts)
        {
            var row = RunOne(gateway, n, handshakes, messages, size, udp);
            Console.WriteLine($"{n,7} | {row.HsPerSec,12:F0} | {row.CpuMsPerHs,12:F3} | {row.FramesPerSec,10:F0} | {row.CpuUsPerFrame,15:F1} | {row.KiBPerSession,14:F1} | {row.Errors,6}");
        }
        return 0;
    }

    private sealed record Row(double HsPerSec, double CpuMsPerHs, double FramesPerSec, double CpuUsPerFrame, double KiBPerSession, int Errors);

    private static Row RunOne(GatewayProcess gw, int n, int handshakes, int messages, int size, bool udp)
    {
        byte[] psk = Encoding.ASCII.GetBytes(Usmp.Gateway.PskStore.DevelopmentPsk);
        int errors = 0;
        DeviceClient NewDevice(int i) => udp
            ? DeviceClient.Udp(gw.Endpoint, DeviceId(i), psk)
            : DeviceClient.Tcp(gw.Endpoint, DeviceId(i), psk);

        // Phase 1: handshakes (connect + BYE), N devices at once.
        double cpu0 = gw.CpuSeconds(); var sw = Stopwatch.StartNew();
        Parallel(n, i =>
        {
            for (int h = 0; h < handshakes; h++)
            {
                try { using var d = NewDevice(i); d.Connect(30000); }
                catch (Exception) { Interlocked.Increment(ref errors); }
            }
        });
        double hsSeconds = sw.Elapsed.TotalSeconds, hsCpu = gw.CpuSeconds() - cpu0;
        int totalHs = n * handshakes;

        // Phase 2: N open sessions, K echoes each (2 frames per echo).
        long rss0 = gw.RssKiB();
        var clients = new DeviceClient[n];
        Parallel(n, i =>
        {
            try { clients[i] = NewDevice(i); clients[i].Connect(30000); }
            catch (Exception) { Interlocked.Increment(ref errors); clients[i] = null!; }
        });
        Thread.Sleep(200);
        long rss1 = gw.RssKiB();
        int open = clients.Count(c => c != null && c.IsConnected);
        byte[] payload = new byte[size];
        long frames = 0;
        cpu0 = gw.CpuSeconds(); sw.Restart();
        Parallel(n, i =>
        {
            var c = clients[i];
            if (c == null) return;
            for (int m = 0; m < messages; m++)
            {
                try
                {
                    c.Send(payload);
                    if (c.Receive(30000) == null) { Interlocked.Increment(ref errors); return; }
                    Interlocked.Add(ref frames, 2L * Math.Max(1, (size + 451) / 452));
                }
                catch (Exception) { Interlocked.Increment(ref errors); return; }
            }
        });
        double msgSeconds = sw.Elapsed.TotalSeconds, msgCpu = gw.CpuSeconds() - cpu0;
        foreach (var c in clients) c?.Dispose();
        Thread.Sleep(200);
        return new Row(totalHs / hsSeconds, 1000 * hsCpu / Math.Max(1, totalHs), frames / msgSeconds,
            1e6 * msgCpu / Math.Max(1, frames), open == 0 ? 0 : (rss1 - rss0) / (double)open, errors);
    }

    private static byte[] DeviceId(int i) => [0x02, 0xbe, 0x0c, (byte)(i >> 16), (byte)(i >> 8), (byte)i];

    // Blocking device clients, one dedicated small-stack thread each (the device API is blocking).
    private static void Parallel(int n, Action<int> body)
    {
        var threads = new Thread[n];
        for (int i = 0; i < n; i++)
        {
            int k = i;
            threads[i] = new Thread(() => body(k), 256 * 1024) { IsBackground = true };
            threads[i].Start();
        }
        foreach (var t in threads) t.Join();
    }

    /// <summary>`usmp gateway` as a child process; CPU and RSS read from /proc.</summary>
    private sealed class GatewayProcess : IDisposable
    {
        private readonly Process _process;
        public IPEndPoint Endpoint { get; }
        public int Pid => _process.Id;

        private GatewayProcess(Process p, IPEndPoint ep) { _process = p; Endpoint = ep; }

        public static GatewayProcess Start(bool udp)
        {
            string self = typeof(BenchCommand).Assembly.Location;
            var psi = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (string a in new[] { self, "gateway", udp ? "--udp" : "--tcp", "0", "--bind", "127.0.0.1", "--quiet",
                         "--max-connections", "100000", "--max-per-ip", "100000",
                         "--udp-handshakes-per-ip", "100000", "--cookie-rate", "1000000" })
                psi.ArgumentList.Add(a);
            var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start the gateway");
            p.ErrorDataReceived += (_, _) => { };
            p.BeginErrorReadLine();
            string? line;
            while ((line = p.StandardOutput.ReadLine()) != null && !line.StartsWith("READY ")) { }
            if (line == null) throw new InvalidOperationException("the gateway exited before READY");
            var fields = line.Split(' ').Skip(1).Select(f => f.Split('=')).ToDictionary(f => f[0], f => int.Parse(f[1]));
            return new GatewayProcess(p, new IPEndPoint(IPAddress.Loopback, udp ? fields["udp"] : fields["tcp"]));
        }

        /// <summary>utime + stime of the child, in seconds (/proc/pid/stat fields 14 and 15).</summary>
        public double CpuSeconds()
        {
            string stat = File.ReadAllText($"/proc/{Pid}/stat");
            string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(f[11]) + long.Parse(f[12])) / 100.0; // USER_HZ = 100 on Linux
        }

        /// <summary>VmRSS of the child in KiB (/proc/pid/status).</summary>
        public long RssKiB()
        {
            foreach (string l in File.ReadLines($"/proc/{Pid}/status"))
                if (l.StartsWith("VmRSS:")) return long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            return 0;
        }

        public void Dispose()
        {
            try { _process.Kill(); _process.WaitForExit(5000); } catch (InvalidOperationException) { }
            _process.Dispose();
        }
    }
}
