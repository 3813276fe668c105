// `usmp bench`: `usmp load` against our gateway as a child process, in a fixed matrix. For each N of
// --devices, two load phases of --seconds each (LoadRun, the one load engine):
//   handshakes  N devices connect and say BYE, again and again
//   echoes      N sessions held open, each echoing --size B messages (measured after the ramp)
// and per row: rates, the gateway's CPU per handshake and per frame, the device simulators' CPU
// beside it (they run in THIS process, the firmware client, one thread per device), the gateway's
// memory per open session, the echo latency. Prints figures; asserts nothing.
// CPU is utime + stime of each whole process from /proc/<pid>/stat (10 ms ticks, every thread);
// the gateway logs at Warning (--quiet), so per-handshake Information lines are not formatted.
using System.CommandLine;
using System.Text;

namespace Usmp.Cli.Commands;

internal static class BenchCommand
{
    // The public Python reference gateway on this 2-core machine (issue text).
    private const double PyHsPerSec = 1500, PyHsPerSecLow = 1300, PyEchoPerSec = 2000, PyCpuMsPerHs = 0.7;
    private const double Target = 10;

    public static Command Create()
    {
        var devices = new Option<int[]>("--devices") { Description = "concurrent devices, one row per value", DefaultValueFactory = _ => [1, 100, 1000], AllowMultipleArgumentsPerToken = true };
        var seconds = CliSupport.Real("--seconds", "seconds of each phase (handshakes, then echoes after their ramp) [default: 4]", 4, 0.5, 3600);
        var size = CliSupport.Int("--size", "message size in bytes (<= 452 is one frame)", 100, 0, 1808);
        var udp = new Option<bool>("--udp") { Description = "benchmark the UDP side" };
        var warmup = new Option<bool>("--no-warmup") { Description = "skip the warm-up phase" };
        var cmd = new Command("bench", "Benchmark our gateway as a child process: `usmp load` phases (handshakes, then echoes) with N devices per row on loopback; prints figures only.")
        {
            devices, seconds, size, udp, warmup,
        };
        cmd.SetAction(r => r.GetValue(devices)!.Any(n => n < 1 || n > 10000)
            ? throw CliError.BadUsage("--devices takes numbers from 1 to 10000")
            : Run(r.GetValue(devices)!, r.GetValue(seconds), r.GetValue(size), r.GetValue(udp), !r.GetValue(warmup)));
        return cmd;
    }

    private static int Run(int[] rows, double seconds, int size, bool udp, bool warmup)
    {
        using var gateway = GatewayProcess.Start(udp);
        Console.WriteLine($"usmp bench: {(udp ? "udp" : "tcp")} gateway pid {gateway.Pid} on {gateway.Endpoint}, logging at Warning (--quiet); " +
                          $"device simulators in this process (pid {Environment.ProcessId}); {Environment.ProcessorCount} cores");
        Console.WriteLine($"  per row: {seconds:0.#} s of handshakes (connect + BYE), then N sessions echoing {size} B messages for {seconds:0.#} s after a ramp " +
                          $"(1 echo = {2 * FramesPer(size)} DATA frames{(udp ? " + their UTACKs" : "")}); CPU = utime+stime from /proc/<pid>/stat");
        if (warmup)
        {
            int wn = Math.Min(50, rows.Max());
            Phases(gateway, wn, 1, size, udp);
            Console.WriteLine($"  warm-up: {wn} devices, 1 s of each phase (not reported)");
        }
        Console.WriteLine($"  reference: Python gateway ~{PyHsPerSecLow:N0}-{PyHsPerSec:N0} hs/s, ~{PyEchoPerSec:N0} echoes/s of 100 B, ~{PyCpuMsPerHs} ms CPU/hs; " +
                          $"target {Target}x = {Target * PyHsPerSec:N0} hs/s and {Target * PyEchoPerSec:N0} echoes/s; 'x py' = ours / ({PyHsPerSec:N0} hs/s | {PyEchoPerSec:N0} echoes/s)");
        Console.WriteLine();
        string header = $"| {"devices",7} | {"hs/s",7} | {"x py",5} | {"gw ms CPU/hs",12} | {"sim ms CPU/hs",13} | {"echoes/s",8} | {"x py",5} | {"frames/s",8} | " +
                        $"{"gw us CPU/frame",15} | {"sim us CPU/frame",16} | {"p99 ms",7} | {"gw KiB/session",14} | {"errors",6} |";
        Console.WriteLine(header);
        Console.WriteLine("|" + string.Concat(header.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(c => new string('-', c.Length) + "|")));
        foreach (int n in rows)
        {
            var (hs, echo) = Phases(gateway, n, seconds, size, udp);
            double perHs = Math.Max(1, hs.Handshakes), frames = Math.Max(1, echo.HoldMessages * 2L * FramesPer(size));
            double kib = echo.DevicesUpAtHold == 0 ? 0 : (echo.RssAtHoldKiB - echo.RssBeforeKiB) / (double)echo.DevicesUpAtHold;
            string kibText = n >= 100 ? $"{kib,14:F1}" : $"{"(n<100)",14}";
            double echoRate = echo.HoldMessages / echo.HoldSeconds;
            Console.WriteLine($"| {n,7} | {hs.Handshakes / hs.Seconds,7:F0} | {hs.Handshakes / hs.Seconds / PyHsPerSec,5:F1} | {1000 * hs.GatewayCpuSeconds / perHs,12:F3} | {1000 * hs.CpuSeconds / perHs,13:F3} | " +
                              $"{echoRate,8:F0} | {echoRate / PyEchoPerSec,5:F1} | {frames / echo.HoldSeconds,8:F0} | {1e6 * echo.HoldGatewayCpuSeconds / frames,15:F1} | {1e6 * echo.HoldCpuSeconds / frames,16:F1} | " +
                              $"{echo.P99,7:F2} | {kibText} | {hs.Errors + echo.Errors,6} |");
            Console.Out.Flush();
        }
        Console.WriteLine();
        Console.WriteLine($"  columns: hs/s over the handshake phase; echoes/s and frames/s over the echo phase after its ramp (every device up); 'gw'/'sim' CPU is that " +
                          $"process's CPU time in the phase divided by handshakes or frames (the two processes share the {Environment.ProcessorCount} cores); p99 = echo round trip; " +
                          "KiB/session = gateway RSS growth from before the echo phase to its ramp's end / sessions up");
        return 0;
    }

    // One row: the handshake phase, then the echo phase (devices started over a ramp that grows with N,
    // so the N handshakes are done before the measured part begins).
    private static (LoadRun Handshakes, LoadRun Echoes) Phases(GatewayProcess gw, int n, double seconds, int size, bool udp)
    {
        byte[][] keys = Enumerable.Repeat(Encoding.ASCII.GetBytes(Usmp.Gateway.PskStore.DevelopmentPsk), n).ToArray();
        var hs = LoadRun.Run(gw.Endpoint, new LoadSettings(n, 0, seconds, size, 0, 0, udp, HandshakesOnly: true), keys, DeviceId, TextWriter.Null, gw);
        Thread.Sleep(300);   // the last BYEs are processed before the next phase's RSS baseline
        double ramp = 0.5 + n / 500.0;
        var echo = LoadRun.Run(gw.Endpoint, new LoadSettings(n, ramp, ramp + seconds, size, 0, 0, udp), keys, DeviceId, TextWriter.Null, gw);
        Thread.Sleep(300);
        return (hs, echo);
    }

    private static int FramesPer(int size) => Math.Max(1, (size + 451) / 452);

    private static byte[] DeviceId(int i) => [0x02, 0xbe, 0x0c, (byte)(i >> 16), (byte)(i >> 8), (byte)i];
}
