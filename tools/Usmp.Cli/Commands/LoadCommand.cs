// `usmp load [HOST:PORT] [--udp]`: N simulated devices (the firmware client, one thread each), each
// with its own device id and PSK, started over --ramp seconds, then holding connect / echo / rekey
// traffic until --duration is up. A live progress line on stderr; at the end handshakes/s,
// messages/s, echo latency p50/p99/max, errors by reason, and this driver's own CPU (if it is near
// all cores, the driver, not the gateway, was the limit). --json prints the summary as JSON.
// Without HOST:PORT it starts our gateway as a child process (the way `bench` does) and loads it.
// `--write-psk-file F` writes F (mode 600) with one fresh PSK per simulated device, for the
// gateway under test, and exits; `--psk-file F` then gives the same keys to the devices.
using System.CommandLine;
#pragma warning disable CA1416 // a Linux tool: the PSK file is created with mode 600 (UnixCreateMode)
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Usmp.Cli.Device;
using Usmp.Gateway;

namespace Usmp.Cli.Commands;

internal static class LoadCommand
{
    public static Command Create()
    {
        var target = new Argument<string?>("target") { Description = "gateway HOST:PORT (omitted: start our gateway as a child process)", Arity = ArgumentArity.ZeroOrOne };
        var udp = new Option<bool>("--udp") { Description = "load the UDP side" };
        var devices = CliSupport.Int("--devices", "simulated devices", 10, 1, 10000);
        var ramp = CliSupport.Real("--ramp", "seconds over which the devices start", 1, 0, 3600);
        var duration = CliSupport.Real("--duration", "seconds of the whole run (ramp included)", 10, 0.5, 86400);
        var size = CliSupport.Int("--size", "message size in bytes", 100, 0, 1808);
        var rekeyEvery = CliSupport.Int("--rekey-every", "each device rekeys after this many echoes (0 = never)", 100, 0, int.MaxValue);
        var reconnectEvery = CliSupport.Int("--reconnect-every", "each device reconnects (BYE + new handshake) after this many echoes (0 = never)", 0, 0, int.MaxValue);
        var pskFile = new Option<string?>("--psk-file") { Description = "PSK file (the gateway's format, mode 600): each device's entry, or `*`" };
        var writePskFile = new Option<string?>("--write-psk-file") { Description = "write a fresh PSK per simulated device to FILE (mode 600) for the gateway under test, and exit" };
        var allowReadable = new Option<bool>("--allow-readable-psk-file") { Description = "use a PSK file even if group or others may access it" };
        var json = new Option<bool>("--json") { Description = "print the summary as JSON on stdout (the progress and the text summary go to stderr)" };
        var cmd = new Command("load", "Load a gateway with N simulated devices (connect, echo, rekey) and report rates, latency, errors and the driver's CPU.\n" +
            "Exit codes: 0 the run completed (errors are reported, not fatal); 1 no device could connect or the gateway could not be started; 2 usage error.")
        {
            target, udp, devices, ramp, duration, size, rekeyEvery, reconnectEvery, pskFile, writePskFile, allowReadable, json,
        };
        cmd.SetAction(r =>
        {
            int n = r.GetValue(devices);
            if (r.GetValue(writePskFile) is { } wf) return WritePskFile(wf, n, r.GetValue(target) != null);
            var s = new LoadSettings(n, r.GetValue(ramp), r.GetValue(duration), r.GetValue(size), r.GetValue(rekeyEvery), r.GetValue(reconnectEvery), r.GetValue(udp));
            if (s.Ramp >= s.Duration) throw CliError.BadUsage($"--ramp {s.Ramp} must be shorter than --duration {s.Duration}");
            PskStore? psks = r.GetValue(pskFile) is { } pf ? CliSupport.LoadPskFile(pf, r.GetValue(allowReadable)) : null;
            byte[][] keys = new byte[n][];
            for (int i = 0; i < n; i++)
                keys[i] = psks == null ? Encoding.ASCII.GetBytes(PskStore.DevelopmentPsk)
                    : psks.Resolve(DeviceId(i)) ?? throw CliError.BadUsage($"{r.GetValue(pskFile)} has no PSK for device {CliSupport.Hex(DeviceId(i))} and no `*` entry: write one with --write-psk-file");
            using GatewayProcess? own = r.GetValue(target) == null ? GatewayProcess.Start(s.Udp) : null;
            IPEndPoint ep = own?.Endpoint ?? CliSupport.ParseHostPort(r.GetValue(target)!);
            TextWriter text = r.GetValue(json) ? Console.Error : Console.Out;
            text.WriteLine($"usmp load: {(s.Udp ? "udp" : "tcp")} {ep}{(own != null ? $" (our gateway, child pid {own.Pid})" : "")}, {n} devices over {s.Ramp:0.#} s, {s.Duration:0.#} s in all, {s.Size} B echoes" +
                           $"{(s.RekeyEvery > 0 ? $", rekey every {s.RekeyEvery}" : "")}{(s.ReconnectEvery > 0 ? $", reconnect every {s.ReconnectEvery}" : "")}");
            var result = LoadRun.Run(ep, s, keys, DeviceId, Console.Error, own);
            result.PrintText(text);
            if (own != null)   // our gateway as a child: its CPU too, as `bench` reports it
                text.WriteLine($"gateway CPU {result.GatewayCpuSeconds:F2} s = {100 * result.GatewayCpuSeconds / result.Seconds / Environment.ProcessorCount:F0} % of {Environment.ProcessorCount} cores (child pid {own.Pid})");
            if (result.Handshakes < n && n > 5)   // every simulated device has this machine's one IP address
                text.WriteLine($"note: only {result.Handshakes} of {n} devices connected; they all come from one IP address, and a gateway's per-IP limit " +
                               "(spec §9: 5 by default) refuses the rest: raise it for the test (usmp gateway --max-per-ip N)");
            if (r.GetValue(json)) Console.Out.WriteLine(result.Json(ep, s));
            if (result.Handshakes == 0) throw CliError.Failed($"no device could connect to {(s.Udp ? "udp" : "tcp")} {ep}: {result.TopError() ?? "no answer"}");
            return 0;
        });
        return cmd;
    }

    /// <summary>Simulated device i: 02:10:ad + i (locally administered, so never a real MAC).</summary>
    public static byte[] DeviceId(int i) => [0x02, 0x10, 0xad, (byte)(i >> 16), (byte)(i >> 8), (byte)i];

    private static int WritePskFile(string path, int n, bool hadTarget)
    {
        if (hadTarget) throw CliError.BadUsage("--write-psk-file only writes the file; run the load afterwards with --psk-file");
        if (Directory.Exists(path)) throw CliError.BadUsage($"--write-psk-file {path} is a directory: give a file name");
        if (File.Exists(path)) throw CliError.BadUsage($"--write-psk-file {path} already exists: remove it or choose another name (it is never overwritten)");
        var sb = new StringBuilder($"# usmp load: {n} simulated devices, one random 32-byte PSK each (give this file to the gateway with --psk-file)\n");
        for (int i = 0; i < n; i++) sb.Append(Convert.ToHexStringLower(DeviceId(i))).Append('=').Append(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))).Append('\n');
        try
        {
            using var f = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
            f.Write(Encoding.ASCII.GetBytes(sb.ToString()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw CliError.Failed($"cannot write {path}: {e.Message}"); }
        Console.WriteLine($"wrote {path} (mode 600): {n} device PSKs; start the gateway with --psk-file {path}, then run usmp load HOST:PORT --psk-file {path} --devices {n}");
        return 0;
    }
}

/// <param name="HandshakesOnly">each device connects and says BYE, again and again (bench's handshake phase)</param>
internal sealed record LoadSettings(int Devices, double Ramp, double Duration, int Size, int RekeyEvery, int ReconnectEvery, bool Udp, bool HandshakesOnly = false);
