// `usmp bench`: handshakes/s and echoed messages/s on loopback with N concurrent devices, the
// gateway's CPU per handshake and per frame, the device simulators' CPU beside it, and the
// gateway's memory per session. Prints figures; asserts nothing.
//
// Two processes, as the issue asks: the gateway is a CHILD process (`usmp gateway --quiet`, i.e.
// logging at Warning, so the per-handshake Information lines are not formatted), the device
// simulators run in THIS process (blocking firmware clients, one thread per device). CPU is
// utime + stime of each whole process from /proc/<pid>/stat (10 ms ticks; every thread, dead ones
// included); each phase is sized (--hs-total, --msg-total) so that it costs well over a second
// of CPU, which keeps the tick error under 1 %. RSS is VmRSS from /proc/<pid>/status.
// A warm-up phase (JIT tiering, thread pool growth, socket buffers) runs before any row.
using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text;
using Usmp.Cli.Device;

namespace Usmp.Cli.Commands;

internal static class BenchCommand
{
    // The public Python reference gateway on this 2-core machine (issue text).
    private const double PyHsPerSec = 1500, PyHsPerSecLow = 1300, PyEchoPerSec = 2000, PyCpuMsPerHs = 0.7;
    private const double Target = 10;

    public static Command Create()
    {
        var devices = new Option<int[]>("--devices") { Description = "concurrent devices, one row per value", DefaultValueFactory = _ => [1, 100, 1000], AllowMultipleArgumentsPerToken = true };
        var hsTotal = CliSupport.Int("--hs-total", "handshakes per row in all (at least 1 per device)", 4000, 1, int.MaxValue);
        var msgTotal = CliSupport.Int("--msg-total", "echoed messages per row in all (at least 1 per device)", 100000, 1, int.MaxValue);
        var handshakes = new Option<int?>("--handshakes") { Description = "handshakes per device (overrides --hs-total)" };
        var messages = new Option<int?>("--messages") { Description = "echoed messages per device (overrides --msg-total)" };
        var size = CliSupport.Int("--size", "message size in bytes (<= 452 is one frame)", 100, 0, 1808);
        var udp = new Option<bool>("--udp") { Description = "benchmark the UDP side" };
        var warmup = new Option<bool>("--no-warmup") { Description = "skip the warm-up phase" };
        var cmd = new Command("bench", "Benchmark a gateway child process with N concurrent devices on loopback (prints figures only).")
        {
            devices, hsTotal, msgTotal, handshakes, messages, size, udp, warmup,
        };
        cmd.SetAction(r => r.GetValue(devices)!.Any(n => n < 1) || r.GetValue(handshakes) < 1 || r.GetValue(messages) < 1
            ? throw CliError.BadUsage("--devices, --handshakes and --messages take numbers of at least 1")
            : Run(new Settings(r.GetValue(devices)!, r.GetValue(hsTotal), r.GetValue(msgTotal), r.GetValue(handshakes),
            r.GetValue(messages), r.GetValue(size), r.GetValue(udp), !r.GetValue(warmup))));
        return cmd;
    }

    private sealed record Settings(int[] Devices, int HsTotal, int MsgTotal, int? HsPerDevice, int? MsgPerDevice, int Size, bool Udp, bool Warmup)
    {
        public int Hs(int n) => HsPerDevice ?? Math.Max(1, (HsTotal + n - 1) / n);
        public int Msgs(int n) => MsgPerDevice ?? Math.Max(1, (MsgTotal + n - 1) / n);
    }

    private static int Run(Settings s)
    {
        using var gateway = GatewayProcess.Start(s.Udp);
        var self = ProcessCpu.Self;
        string transport = s.Udp ? "udp" : "tcp";
        Console.WriteLine($"usmp bench: {transport} gateway pid {gateway.Pid} on {gateway.Endpoint}, logging at Warning (--quiet); " +
                          $"device simulators in this process (pid {Environment.ProcessId}); {Environment.ProcessorCount} cores");
        Console.WriteLine($"  per row: handshakes = connect + BYE, then N sessions kept open echoing {s.Size} B messages " +
                          $"(1 echo = {2 * FramesPer(s.Size)} DATA frames{(s.Udp ? " + their UTACKs" : "")}); CPU = utime+stime from /proc/<pid>/stat");
        if (s.Warmup)
        {
            var sw = Stopwatch.StartNew();
            int wn = Math.Min(50, s.Devices.Max());
            RunOne(gateway, self, wn, 20, 200, s.Size, s.Udp);
            Console.WriteLine($"  warm-up: {wn * 20} handshakes + {wn * 200} echoes over {wn} devices, {sw.Elapsed.TotalSeconds:F1} s (not reported)");
        }
        Console.WriteLine($"  reference: Python gateway ~{PyHsPerSecLow:N0}-{PyHsPerSec:N0} hs/s, ~{PyEchoPerSec:N0} echoes/s of 100 B, ~{PyCpuMsPerHs} ms CPU/hs; " +
                          $"target {Target}x = {Target * PyHsPerSec:N0} hs/s and {Target * PyEchoPerSec:N0} echoes/s; 'x py' = ours / ({PyHsPerSec:N0} hs/s | {PyEchoPerSec:N0} echoes/s)");
        Console.WriteLine();
        string header = $"| {"devices",7} | {"hs/s",7} | {"x py",5} | {"gw ms CPU/hs",12} | {"sim ms CPU/hs",13} | {"echoes/s",8} | {"x py",5} | {"frames/s",8} | {"gw us CPU/frame",15} | {"sim us CPU/frame",16} | {"gw KiB/session",14} | {"errors",6} |";
        Console.WriteLine(header);
        Console.WriteLine("|" + string.Concat(header.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(c => new string('-', c.Length) + "|")));
        foreach (int n in s.Devices)
        {
            var row = RunOne(gateway, self, n, s.Hs(n), s.Msgs(n), s.Size, s.Udp);
            string kib = n >= 100 ? $"{row.KiBPerSession,14:F1}" : $"{"(n<100)",14}";
            Console.WriteLine($"| {n,7} | {row.HsPerSec,7:F0} | {row.HsPerSec / PyHsPerSec,5:F1} | {row.GwMsPerHs,12:F3} | {row.SimMsPerHs,13:F3} | {row.EchoPerSec,8:F0} | {row.EchoPerSec / PyEchoPerSec,5:F1} | " +
                              $"{row.FramesPerSec,8:F0} | {row.GwUsPerFrame,15:F1} | {row.SimUsPerFrame,16:F1} | {kib} | {row.Errors,6} |");
            Console.Out.Flush();
        }
        Console.WriteLine();
        Console.WriteLine($"  columns: hs/s and echoes/s are wall-clock rates; 'gw'/'sim' CPU is that process's CPU time divided by handshakes or frames " +
                          $"(the two processes share the {Environment.ProcessorCount} cores); KiB/session = gateway RSS growth with N sessions open / N");
        return 0;
    }

    private sealed record Row(double HsPerSec, double GwMsPerHs, double SimMsPerHs, double EchoPerSec, double FramesPerSec,
        double GwUsPerFrame, double SimUsPerFrame, double KiBPerSession, int Errors);

    private static int FramesPer(int size) => Math.Max(1, (size + 451) / 452);

    private static Row RunOne(GatewayProcess gw, ProcessCpu self, int n, int handshakes, int messages, int size, bool udp)
    {
        byte[] psk = Encoding.ASCII.GetBytes(Usmp.Gateway.PskStore.DevelopmentPsk);
        int errors = 0;
        DeviceClient NewDevice(int i) => udp
            ? DeviceClient.Udp(gw.Endpoint, DeviceId(i), psk)
            : DeviceClient.Tcp(gw.Endpoint, DeviceId(i), psk);

        // Phase 1: handshakes (connect + BYE), N devices at once.
        long okHs = 0;
        using (var start = new ManualResetEventSlim())
        {
            var threads = StartDevices(n, start, i =>
            {
                for (int h = 0; h < handshakes; h++)
                {
                    try { using var d = NewDevice(i); d.Connect(30000); Interlocked.Increment(ref okHs); }
                    catch (Exception) { Interlocked.Increment(ref errors); }
                }
            });
            double gw0 = gw.Cpu.Seconds(), sim0 = self.Seconds();
            var sw = Stopwatch.StartNew();
            start.Set();
            foreach (var t in threads) t.Join();
            double hsSeconds = sw.Elapsed.TotalSeconds, hsGw = gw.Cpu.Seconds() - gw0, hsSim = self.Seconds() - sim0;

            // Phase 2: N open sessions, K echoes each.
            GC.Collect();
            Thread.Sleep(300);
            long rss0 = gw.RssKiB();
            var clients = new DeviceClient[n];
            var connectors = StartDevices(n, null, i =>
            {
                try { clients[i] = NewDevice(i); clients[i].Connect(30000); }
                catch (Exception) { Interlocked.Increment(ref errors); clients[i] = null!; }
            });
            foreach (var t in connectors) t.Join();
            Thread.Sleep(300);
            long rss1 = gw.RssKiB();
            int open = clients.Count(c => c != null && c.IsConnected);
            byte[] payload = new byte[size];
            long echoes = 0;
            using var go = new ManualResetEventSlim();
            var echoers = StartDevices(n, go, i =>
            {
                var c = clients[i];
                if (c == null) return;
                for (int m = 0; m < messages; m++)
                {
                    try
                    {
                        c.Send(payload);
                        if (c.Receive(30000) == null) { Interlocked.Increment(ref errors); return; }
                        Interlocked.Increment(ref echoes);
                    }
                    catch (Exception) { Interlocked.Increment(ref errors); return; }
                }
            });
            gw0 = gw.Cpu.Seconds(); sim0 = self.Seconds();
            sw.Restart();
            go.Set();
            foreach (var t in echoers) t.Join();
            double msgSeconds = sw.Elapsed.TotalSeconds, msgGw = gw.Cpu.Seconds() - gw0, msgSim = self.Seconds() - sim0;
            foreach (var c in clients) c?.Dispose();
            Thread.Sleep(300);
            long frames = echoes * 2L * FramesPer(size);
            return new Row(okHs / hsSeconds, 1000 * hsGw / Math.Max(1, okHs), 1000 * hsSim / Math.Max(1, okHs),
                echoes / msgSeconds, frames / msgSeconds, 1e6 * msgGw / Math.Max(1, frames), 1e6 * msgSim / Math.Max(1, frames),
                open == 0 ? 0 : (rss1 - rss0) / (double)open, errors);
        }
    }

    private static byte[] DeviceId(int i) => [0x02, 0xbe, 0x0c, (byte)(i >> 16), (byte)(i >> 8), (byte)i];

    // Blocking device clients, one dedicated small-stack thread each (the device API is blocking).
    // With a start gate, every thread exists before the clock starts (thread creation is not measured).
    private static Thread[] StartDevices(int n, ManualResetEventSlim? gate, Action<int> body)
    {
        var threads = new Thread[n];
        for (int i = 0; i < n; i++)
        {
            int k = i;
            threads[i] = new Thread(() => { gate?.Wait(); body(k); }, 256 * 1024) { IsBackground = true };
            threads[i].Start();
        }
        if (gate != null) Thread.Sleep(Math.Min(500, 20 + n / 4)); // let every thread reach the gate
        return threads;
    }
}
