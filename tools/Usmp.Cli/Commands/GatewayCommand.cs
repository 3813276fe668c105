// `usmp gateway`: runs the gateway on TCP and/or UDP until Ctrl-C / SIGTERM.
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
        var bind = new Option<string>("--bind") { Description = "address to bind", DefaultValueFactory = _ => "0.0.0.0" };
        var pskFile = new Option<string?>("--psk-file") { Description = "PSK file: lines `aabbccddeeff=<hex or text:...>`, `*` = any device; default: the development PSK" };
        var maxConn = new Option<int>("--max-connections") { Description = "TCP connections + UDP sessions in total", DefaultValueFactory = _ => 100 };
        var maxPerIp = new Option<int>("--max-per-ip") { Description = "connections per client IP", DefaultValueFactory = _ => 5 };
        var sessionTimeout = new Option<double>("--session-timeout") { Description = "seconds without an authenticated frame before a session is closed", DefaultValueFactory = _ => 60 };
        var handshakeTimeout = new Option<double>("--handshake-timeout") { Description = "seconds for a whole handshake", DefaultValueFactory = _ => 10 };
        var handler = new Option<string>("--handler") { Description = "session handler: echo", DefaultValueFactory = _ => "echo" };
        var quiet = new Option<bool>("--quiet") { Description = "log warnings only" };
        var udpHsPerIp = new Option<int>("--udp-handshakes-per-ip") { Description = "UDP handshakes in progress per IP (spec default 3; raised only for load tests from one address)", DefaultValueFactory = _ => 3 };
        var cookieRate = new Option<double>("--cookie-rate") { Description = "UDP cookies per second per IP, bucket 2x this (spec default 5; raised only for load tests)", DefaultValueFactory = _ => 5 };
        var cmd = new Command("gateway", "Run a USMP gateway (server side of wire v2) on TCP and/or UDP.")
        {
            tcp, udp, bind, pskFile, maxConn, maxPerIp, sessionTimeout, handshakeTimeout, handler, quiet, udpHsPerIp, cookieRate,
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
            };
            string? file = r.GetValue(pskFile);
            PskStore psks;
            try { psks = file == null ? PskStore.Development() : PskStore.Load(file); }
            catch (Exception e) when (e is FormatException or IOException) { Console.Error.WriteLine($"PSK file refused: {e.Message}"); return 2; }
            if (file == null) Console.Error.WriteLine("warning: using the development PSK; pass --psk-file for anything real");
            using var logs = CliSupport.Logging(r.GetValue(quiet) ? LogLevel.Warning : LogLevel.Information);
            var log = logs.CreateLogger("usmp.gateway");
            var address = IPAddress.Parse(r.GetValue(bind)!);
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
}
