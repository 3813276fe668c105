// `usmp conformance HOST:PORT [--udp]`: the device-side reference battery against a gateway under
// test: one row per observable rule of usmp-v2.md §1-§9 (Conformance/*Rows.cs). Table on stdout
// (--json: JSON instead), --junit FILE for CI. Exit codes (also in --help):
//   0 every row passed, differed from the reference where the spec allows, was skipped or warned
//   3 at least one row failed (or warned, with --strict)
//   1 the battery could not run (the gateway cannot be reached, or is not a USMP gateway)
//   2 usage error
using System.CommandLine;
using System.Net;
using Usmp.Cli.Conformance;

namespace Usmp.Cli.Commands;

internal static class ConformanceCommand
{
    public const int RowsFailed = 3;

    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "the gateway under test, HOST:PORT" };
        var udp = new Option<bool>("--udp") { Description = "test the gateway's UDP side (cookie flow, window, UTACK/ARQ rows)" };
        var psk = new Option<string?>("--psk") { Description = "the gateway's PSK for our device: hex (even, >= 32 digits) or text:PASSPHRASE (>= 16 bytes); default the development PSK" };
        var pskFile = new Option<string?>("--psk-file") { Description = "PSK file (the gateway's format, mode 600): the entry for --device-id or `*`" };
        var allowReadable = new Option<bool>("--allow-readable-psk-file") { Description = "use a PSK file even if group or others may access it" };
        var deviceId = new Option<string?>("--device-id") { Description = "device id to present (default a0:b1:c2:d3:e4:f5)" };
        var json = new Option<bool>("--json") { Description = "print the results as JSON on stdout (the live lines go to stderr)" };
        var junit = new Option<string?>("--junit") { Description = "also write a JUnit XML report to FILE" };
        var only = new Option<string[]>("--only") { Description = "run only these rows: ids or prefixes (msg., hs.wrong-proof) or sections (§7); rows they need run too", AllowMultipleArgumentsPerToken = true };
        var strict = new Option<bool>("--strict") { Description = "weakness warnings count as failures (exit 3)" };
        var timeout = CliSupport.Int("--timeout", "ms to wait for an answer that should come", 2000, 100, 60000);
        var sessionTimeout = CliSupport.Real("--session-timeout", "the gateway's idle timeout in seconds; enables the §9 idle row (skipped without it)", 0, 0, 600);
        var maxPerIp = CliSupport.Int("--max-per-ip", "the gateway's max_connections_per_ip, for the §9 row", 5, 1, 1000);
        var maxConn = CliSupport.Int("--max-connections", "the gateway's max_connections; enables the §9 total-limit row (skipped without it; from 127.0.0.1, or with a per-IP limit above it)", 0, 0, 10000);
        var rekeyAfter = CliSupport.Int("--rekey-after", "the gateway starts a REKEY after N messages it sends; enables the §7 gateway-REKEY row (skipped without it)", 0, 0, 10000);
        var seed = CliSupport.Int("--seed", "seed of the lossy link row", 7, 0, int.MaxValue);
        var cmd = new Command("conformance", "Run the conformance battery (one row per observable rule of usmp-v2.md §1-§9) against a gateway.\n" +
            "Results: pass, FAIL, skipped (names the row it needs), differs (not what the Python reference does, where the spec records that\n" +
            "implementations differ or a hardened gateway departs; the detail says what it did), warn (a weakness the reference has; --strict fails it).\n" +
            "Exit codes: 0 no row failed; 3 some row failed (or warned, with --strict); 1 could not run (gateway unreachable or not USMP); 2 usage error.")
        {
            target, udp, psk, pskFile, allowReadable, deviceId, json, junit, only, strict, timeout, sessionTimeout, maxPerIp, maxConn, rekeyAfter, seed,
        };
        cmd.SetAction(r =>
        {
            IPEndPoint ep = CliSupport.ParseHostPort(r.GetValue(target)!);
            byte[] id = CliSupport.ParseDeviceId(r.GetValue(deviceId) ?? "a0b1c2d3e4f5");
            byte[] key = CliSupport.ResolvePsk(r.GetValue(psk), r.GetValue(pskFile), id, r.GetValue(allowReadable));
            string? junitFile = r.GetValue(junit);
            if (junitFile != null && Directory.Exists(junitFile)) throw CliError.BadUsage($"--junit {junitFile} is a directory: give a file name");
            var t = new Target
            {
                Endpoint = ep, Udp = r.GetValue(udp), DeviceId = id, Psk = key, TimeoutMs = r.GetValue(timeout),
                SessionTimeout = r.GetValue(sessionTimeout) > 0 ? r.GetValue(sessionTimeout) : null, MaxPerIp = r.GetValue(maxPerIp), Seed = r.GetValue(seed),
                MaxConnections = r.GetValue(maxConn) > 0 ? r.GetValue(maxConn) : null, RekeyAfter = r.GetValue(rekeyAfter) > 0 ? r.GetValue(rekeyAfter) : null,
            };
            string[]? rows = r.GetValue(only) is { Length: > 0 } o ? o : null;
            if (rows != null) Battery.CheckOnly(rows);
            return Run(t, r.GetValue(json) ? Console.Error : Console.Out, r.GetValue(json) ? Console.Out : null, junitFile, rows, r.GetValue(strict));
        });
        return cmd;
    }

    /// <summary>Runs the battery; returns the exit code. <paramref name="json"/>: where the JSON goes (null: the table to <paramref name="output"/>).</summary>
    public static int Run(Target t, TextWriter output, TextWriter? json = null, string? junitFile = null, IReadOnlyCollection<string>? only = null, bool strict = false)
    {
        output.WriteLine($"usmp conformance: {t.Transport} {t.Endpoint}, device {CliSupport.Hex(t.DeviceId)}, timeout {t.TimeoutMs} ms");
        Reachable(t);
        var results = Battery.Run(t, output, only);
        string title = $"conformance {t.Transport} {t.Endpoint}";
        if (json != null) json.WriteLine(Report.Json($"{t.Transport} {t.Endpoint}", results, strict));
        else Report.Table(output, title, results, strict);
        if (json != null) output.WriteLine(Report.Summary(results, strict));
        if (junitFile != null)
        {
            try { File.WriteAllText(junitFile, Report.JUnit($"{t.Transport} {t.Endpoint}", results, strict).ToString() + "\n"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw CliError.Failed($"cannot write --junit {junitFile}: {e.Message}"); }
        }
        return results.Any(r => Report.Failed(r, strict)) ? RowsFailed : 0;
    }

    // Exit 1 before any row when nothing could be judged: a refused TCP connect, a UDP port that answers
    // a HELLO with neither HELLO_RETRY nor CHALLENGE, or a gateway that refuses our device's PSK.
    private static void Reachable(Target t)
    {
        try
        {
            using var d = t.Device();
            var end = d.Handshake();
            if (end == HandshakeEnd.ClosedAtHello)
                throw CliError.Failed($"tcp {t.Endpoint} closed the connection after our HELLO: not a USMP v2 gateway, or it refuses device {CliSupport.Hex(t.DeviceId)} at HELLO, or this IP is locked out");
            if (end is HandshakeEnd.Refused or HandshakeEnd.BadSessionOk)
                throw CliError.Failed($"{t.Transport} {t.Endpoint} refused our device {CliSupport.Hex(t.DeviceId)} ({RawDevice.Describe(end)}): " +
                    "give the gateway's PSK for it (--psk, --psk-file) and its --device-id, and check that this IP is not locked out");
            if (end is HandshakeEnd.NoCookie or HandshakeEnd.NoChallenge)
                throw CliError.Failed(t.Udp
                    ? $"no USMP answer from udp {t.Endpoint} (no HELLO_RETRY or CHALLENGE for a HELLO): is a USMP gateway listening there on UDP?"
                    : $"tcp {t.Endpoint} accepted the connection but sent no CHALLENGE for a HELLO: is it a USMP v2 gateway?");
        }
        catch (System.Net.Sockets.SocketException e) { throw CliError.Failed(CliError.Describe(e, t.Transport, t.Endpoint)); }
    }
}
