// `usmp gateway`: runs the gateway on TCP and/or UDP until Ctrl-C / SIGTERM.
// Secure by default (issue 10 class 6): it listens on 127.0.0.1 unless --bind says otherwise, and it
// has no key unless given one: --psk-file (refused if group or others may access it, unless
// --allow-readable-psk-file) or, for tests and demos only, --dev-psk (the public development key).
using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging;
using Usmp.Gateway;

namespace Usmp.Cli.Commands;

internal static class GatewayCommand
{
    public static Command Create()
    {
        var tcp = new Option<int?>("--tcp") { Description = "TCP port to listen on (0 = any free port)" };
        var udp = new Option<int?>("--udp") { Description = "UDP port to listen on (0 = any free port)" };
        var bind = new Option<string>("--bind") { Description = "address to listen on (0.0.0.0 = every interface)", DefaultValueFactory = _ => "127.0.0.1" };
        var pskFile = new Option<string?>("--psk-file") { Description = "PSK file, mode 600: lines `aabbccddeeff=<hex or text:...>`, `*` = any other device" };
        var devPsk = new Option<bool>("--dev-psk") { Description = "accept every device with the PUBLIC development PSK (tests and demos only)" };
        var allowReadable = new Option<bool>("--allow-readable-psk-file") { Description = "use a PSK file even if group or others may access it" };
        var maxConn = new Option<int>("--max-connections") { Description = "TCP connections + UDP sessions in total", DefaultValueFactory = _ => 100 };
        var maxPerIp = new Option<int>("--max-per-ip") { Description = "connections per client IP", DefaultValueFactory = _ => 5 };
        var sessionTimeout = new Option<double>("--session-timeout") { Description = "seconds without an authenticated frame before a session is closed", DefaultValueFactory = _ => 60 };
        var handshakeTimeout = new Option<double>("--handshake-timeout") { Description = "seconds for a whole handshake", DefaultValueFactory = _ => 10 };
        var handler = new Option<string>("--handler") { Description = "session handler: echo", DefaultValueFactory = _ => "echo" };
        var quiet = new Option<bool>("--quiet") { Description = "log warnings only" };
        var udpHsPerIp = new Option<int>("--udp-handshakes-per-ip") { Description = "UDP handshakes in progress per IP (spec default 3; raised only for load tests from one address)", DefaultValueFactory = _ => 3 };
        var cookieRate = new Option<double>("--cookie-rate") { Description = "UDP cookies per second per source address (ip, port), bucket 2x this (spec default 5, per IP there)", DefaultValueFactory = _ => 5 };
        var cookieBudget = new Option<double>("--cookie-budget") { Description = "UDP cookies per second over all addresses together", DefaultValueFactory = _ => 10_000 };
        var cmd = new Command("gateway", "Run a USMP gateway (server side of wire v2) on TCP and/or UDP.")
        {
            tcp, udp, bind, pskFile, devPsk, allowReadable, maxConn, maxPerIp, sessionTimeout, handshakeTimeout, handler, quiet, udpHsPerIp, cookieRate, cookieBudget,
        };
        cmd.SetAction(async (r, ct) =>
        {
            int? tcpPort = r.GetValue(tcp), udpPort = r.GetValue(udp);
            if (tcpPort == null && udpPort == null) { Console.Error.WriteLine("give --tcp PORT and/or --udp PORT"); return 2; }
            if (r.GetValue(handler) != "echo") { Console.Error.WriteLine("unknown handler; available: echo"); return 2; }
            var options = new GatewayOptions
            {
                MaxConnections = r.GetValue(maxConn), MaxConnectionsPerIp = r.GetValue(maxPerIp),
                SessionTimeout = TimeSpan.FromSeconds(r.GetValue(sessionTimeout)),
                HandshakeTimeout = TimeSpan.FromSeconds(r.GetValue(handshakeTimeout)),
                MaxUdpHandshakesPerIp = r.GetValue(udpHsPerIp),
                CookieTokensPerSecond = r.GetValue(cookieRate),
                CookieBucketCapacity = (int)Math.Max(10, 2 * r.GetValue(cookieRate)),
                CookieGlobalPerSecond = r.GetValue(cookieBudget),
            };
            PskStore? psks = ChoosePsks(r.GetValue(pskFile), r.GetValue(devPsk), r.GetValue(allowReadable), Console.Error);
            if (psks == null) return 2;
            if (!IPAddress.TryParse(r.GetValue(bind), out IPAddress? address)) { Console.Error.WriteLine($"--bind {r.GetValue(bind)}: not an IP address (e.g. 127.0.0.1, 0.0.0.0)"); return 2; }
            using var logs = CliSupport.Logging(r.GetValue(quiet) ? LogLevel.Warning : LogLevel.Information);
            var log = logs.CreateLogger("usmp.gateway");
            await using var tcpGw = tcpPort != null ? new TcpGateway(options, psks, new EchoHandler(), log) : null;
            await using var udpGw = udpPort != null ? new UdpGateway(options, psks, new EchoHandler(), log) : null;
            tcpGw?.Start(address, tcpPort!.Value);
            udpGw?.Start(address, udpPort!.Value);
            // One machine-readable line for scripts and the bench: the bound ports.
            Console.WriteLine($"READY tcp={tcpGw?.LocalEndPoint.Port ?? 0} udp={udpGw?.LocalEndPoint.Port ?? 0} pid={Environment.ProcessId}");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
            log.LogInformation("gateway stopping");
            return 0;
        });
        return cmd;
    }

    /// <summary>The gateway's keys: the PSK file, or the development PSK when asked for (and said so on
    /// stderr). Null after one line on stderr saying what is wrong and what to do.</summary>
    internal static PskStore? ChoosePsks(string? file, bool devPsk, bool allowReadableFile, TextWriter err)
    {
        if (file != null && devPsk) { err.WriteLine("give --psk-file FILE or --dev-psk, not both"); return null; }
        if (devPsk)
        {
            err.WriteLine($"warning: --dev-psk: every device is accepted with the public development PSK \"{PskStore.DevelopmentPsk}\"; never outside tests and demos");
            return PskStore.Development();
        }
        if (file == null)
        {
            err.WriteLine("no PSK: give --psk-file FILE (mode 600, lines `aabbccddeeff=<hex or text:...>`), or --dev-psk for the public development key (tests and demos only)");
            return null;
        }
        try { return PskStore.Load(file, allowReadableFile); }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            err.WriteLine($"PSK file refused: {e.Message}");
            return null;
        }
    }
}
