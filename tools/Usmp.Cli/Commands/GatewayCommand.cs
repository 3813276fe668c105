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
        var tcp = CliSupport.Port("--tcp", "TCP port to listen on (0 = any free port)");
        var udp = CliSupport.Port("--udp", "UDP port to listen on (0 = any free port)");
        var bind = new Option<string>("--bind") { Description = "address to listen on (0.0.0.0 = every interface)", DefaultValueFactory = _ => "127.0.0.1" };
        var pskFile = new Option<string?>("--psk-file") { Description = "PSK file, mode 600: lines `aabbccddeeff=<hex or text:...>`, `*` = any other device" };
        var devPsk = new Option<bool>("--dev-psk") { Description = "accept every device with the PUBLIC development PSK (tests and demos only)" };
        var allowReadable = new Option<bool>("--allow-readable-psk-file") { Description = "use a PSK file even if group or others may access it" };
        var maxConn = CliSupport.Int("--max-connections", "TCP connections + UDP sessions in total", 100, 1, 1_000_000);
        var maxPerIp = CliSupport.Int("--max-per-ip", "connections per client IP", 5, 1, 1_000_000);
        var sessionTimeout = CliSupport.Real("--session-timeout", "seconds without an authenticated frame before a session is closed [default: 60]", 60, 0.1, 86400);
        var handshakeTimeout = CliSupport.Real("--handshake-timeout", "seconds for a whole handshake [default: 10]", 10, 0.1, 3600);
        var rekeyAfter = CliSupport.Int("--rekey-after", "start a REKEY (§7) before the next message once N messages were sent to a device under the current keys; 0 = never", 0, 0, 1_000_000_000);
        var handler = new Option<string>("--handler") { Description = "session handler: echo", DefaultValueFactory = _ => "echo" };
        var quiet = new Option<bool>("--quiet") { Description = "log warnings only" };
        var udpHsPerIp = CliSupport.Int("--udp-handshakes-per-ip", "UDP handshakes in progress per IP (spec default 3; raised only for load tests from one address)", 3, 1, 1_000_000);
        var cookieRate = CliSupport.Real("--cookie-rate", "UDP cookies per second per source address (ip, port), bucket 2x this (spec default 5, per IP there)", 5, 0.01, 1e9);
        var cookieBudget = CliSupport.Real("--cookie-budget", "UDP cookies per second over all addresses together", 10_000, 0.01, 1e9);
        var exitWithParent = new Option<bool>("--exit-with-parent") { Description = "exit when the process that started this one ends (bench, load)", Hidden = true };
        var cmd = new Command("gateway", "Run a USMP gateway (server side of wire v2) on TCP and/or UDP until SIGINT/SIGTERM.\n" +
            "stdout: the READY line first (READY tcp=PORT udp=PORT pid=PID), nothing else; logs go to stderr.\n" +
            "Exit codes: 0 stopped by a signal; 1 could not listen (port in use, address not on this machine); 2 usage error (no PSK choice, bad PSK file, bad option).")
        {
            tcp, udp, bind, pskFile, devPsk, allowReadable, maxConn, maxPerIp, sessionTimeout, handshakeTimeout, rekeyAfter, handler, quiet, udpHsPerIp, cookieRate, cookieBudget, exitWithParent,
        };
        cmd.SetAction(async (r, ct) =>
        {
            int? tcpPort = r.GetValue(tcp), udpPort = r.GetValue(udp);
            if (tcpPort == null && udpPort == null) throw CliError.BadUsage("give --tcp PORT and/or --udp PORT (0 = any free port)");
            if (r.GetValue(handler) != "echo") throw CliError.BadUsage($"--handler {r.GetValue(handler)}: unknown handler; available: echo");
            var options = new GatewayOptions
            {
                MaxConnections = r.GetValue(maxConn), MaxConnectionsPerIp = r.GetValue(maxPerIp),
                SessionTimeout = TimeSpan.FromSeconds(r.GetValue(sessionTimeout)),
                HandshakeTimeout = TimeSpan.FromSeconds(r.GetValue(handshakeTimeout)),
                MaxUdpHandshakesPerIp = r.GetValue(udpHsPerIp),
                RekeyAfterMessages = r.GetValue(rekeyAfter),
                CookieTokensPerSecond = r.GetValue(cookieRate),
                CookieBucketCapacity = (int)Math.Max(10, 2 * r.GetValue(cookieRate)),
                CookieGlobalPerSecond = r.GetValue(cookieBudget),
            };
            PskStore? psks = ChoosePsks(r.GetValue(pskFile), r.GetValue(devPsk), r.GetValue(allowReadable), Console.Error);
            if (psks == null) return CliError.Usage;
            if (!CliSupport.TryStrictAddress(r.GetValue(bind)!, out IPAddress? address)) throw CliError.BadUsage($"--bind {r.GetValue(bind)}: not an IP address (four numbers 0-255, e.g. 127.0.0.1 or 0.0.0.0, or an IPv6 address)");
            using var logs = CliSupport.Logging(r.GetValue(quiet) ? LogLevel.Warning : LogLevel.Information);
            var log = logs.CreateLogger("usmp.gateway");
            await using var tcpGw = tcpPort != null ? new TcpGateway(options, psks, new EchoHandler(), log) : null;
            await using var udpGw = udpPort != null ? new UdpGateway(options, psks, new EchoHandler(), log) : null;
            Listen("tcp", tcpPort, address!, p => tcpGw!.Start(address!, p));
            Listen("udp", udpPort, address!, p => udpGw!.Start(address!, p));
            // One machine-readable line for scripts and the bench: the bound ports.
            Console.WriteLine($"READY tcp={tcpGw?.LocalEndPoint.Port ?? 0} udp={udpGw?.LocalEndPoint.Port ?? 0} pid={Environment.ProcessId}");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            if (r.GetValue(exitWithParent)) ParentWatch.Start(stop);
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
        try { return CliSupport.LoadPskFile(file, allowReadableFile); }
        catch (CliError e)
        {
            err.WriteLine($"usmp gateway: {e.Message}");
            return null;
        }
    }

    // A port that cannot be had is one line naming it and what to do (exit 1), not a socket exception.
    private static void Listen(string transport, int? port, IPAddress address, Action<int> start)
    {
        if (port == null) return;
        try { start(port.Value); }
        catch (System.Net.Sockets.SocketException e)
        {
            throw CliError.Failed(e.SocketErrorCode switch
            {
                System.Net.Sockets.SocketError.AddressAlreadyInUse => $"{transport} port {port} on {address} is already in use: stop what holds it, or choose another --{transport} port (0 = any free port)",
                System.Net.Sockets.SocketError.AddressNotAvailable => $"--bind {address} is not an address of this machine: use one of its addresses, 127.0.0.1 or 0.0.0.0",
                System.Net.Sockets.SocketError.AccessDenied => $"{transport} port {port} on {address} needs privileges: choose a port above 1023",
                _ => $"cannot listen on {transport} {address}:{port} ({e.SocketErrorCode}): choose another address or port",
            });
        }
    }
}

/// <summary>--exit-with-parent: the gateway started by bench/load stops when that process is gone (even
/// after a SIGKILL, which no handler sees): its parent pid changes when it is re-parented.</summary>
internal static class ParentWatch
{
    public static void Start(CancellationTokenSource stop)
    {
        int parent = ParentPid();
        new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Thread.Sleep(250);
                if (ParentPid() != parent) { Console.Error.WriteLine("usmp gateway: the process that started it is gone; stopping"); stop.Cancel(); return; }
            }
        }) { IsBackground = true }.Start();
    }

    private static int ParentPid()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
    }
}
