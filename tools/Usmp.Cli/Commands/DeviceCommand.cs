// `usmp device`: the firmware client (firmware/Usmp built for the PC) against any gateway.
// Exit codes: 0 every step answered; 1 a runtime failure (no connection, no reply, no PONG);
// 2 usage error; 130 / 143 interrupted by SIGINT / SIGTERM, after a courtesy BYE, so an
// interrupted UDP device does not hold one of its IP's sessions (§9 per-IP limit) until the timeout.
using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Usmp.Cli.Device;

namespace Usmp.Cli.Commands;

internal static class DeviceCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "gateway host (an IPv4 address or a name)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = CliSupport.Port("--port", "gateway port [default: 9000]", min: 1);
        var udp = new Option<bool>("--udp") { Description = "use UDP (cookie round trip, UTACK/ARQ) instead of TCP" };
        var deviceId = new Option<string?>("--device-id") { Description = "6-byte device id in hex (default: random)" };
        var psk = new Option<string?>("--psk") { Description = "PSK: hex (an even number of digits, at least 32) or text:PASSPHRASE (at least 16 bytes); default the development PSK" };
        var pskFile = new Option<string?>("--psk-file") { Description = "PSK file (same format and mode 600 rule as the gateway's)" };
        var allowReadable = new Option<bool>("--allow-readable-psk-file") { Description = "use a PSK file even if group or others may access it" };
        var send = new Option<string[]>("--send") { Description = "send TEXT (repeatable) and print the reply", AllowMultipleArgumentsPerToken = false };
        var telemetry = CliSupport.Int("--telemetry", "send N telemetry readings", 0, 0, 1_000_000);
        var interval = CliSupport.Int("--interval", "milliseconds between telemetry readings", 1000, 0, 3_600_000);
        var ping = new Option<bool>("--ping") { Description = "send a PING and wait for the PONG" };
        var rekey = new Option<bool>("--rekey") { Description = "rekey the session" };
        var wait = CliSupport.Int("--reply-timeout", "milliseconds to wait for each reply", 5000, 1, 600_000);
        var cmd = new Command("device", "Connect as a device (the firmware client, built for the PC), exchange messages, close with BYE.\n" +
            "Exit codes: 0 ok; 1 connection failed, or a reply or PONG did not come; 2 usage error; 130/143 SIGINT/SIGTERM (BYE sent).")
        {
            host, port, udp, deviceId, psk, pskFile, allowReadable, send, telemetry, interval, ping, rekey, wait,
        };
        cmd.SetAction(r =>
        {
            byte[] id = CliSupport.ParseDeviceId(r.GetValue(deviceId));
            byte[] key = CliSupport.ResolvePsk(r.GetValue(psk), r.GetValue(pskFile), id, r.GetValue(allowReadable));
            var ep = new IPEndPoint(CliSupport.ResolveHost(r.GetValue(host)!), r.GetValue(port) ?? 9000);
            bool isUdp = r.GetValue(udp);
            string t = isUdp ? "udp" : "tcp";
            int replyMs = r.GetValue(wait);
            using var device = isUdp ? DeviceClient.Udp(ep, id, key) : DeviceClient.Tcp(ep, id, key);
            using var interrupt = new Interrupt(device);
            try
            {
                var sw = Stopwatch.StartNew();
                device.Connect();
                interrupt.ExitIfRequested();
                Console.WriteLine($"connected {t} {ep} device={CliSupport.Hex(id)} ({sw.ElapsedMilliseconds} ms)");
                int missing = 0;
                foreach (string text in r.GetValue(send) ?? [])
                {
                    missing += Exchange(device, Encoding.UTF8.GetBytes(text), replyMs, interrupt) ? 0 : 1;
                    interrupt.ExitIfRequested();
                }
                for (int i = 0; i < r.GetValue(telemetry); i++)
                {
                    if (i > 0) interrupt.Pause(r.GetValue(interval));
                    interrupt.ExitIfRequested();
                    missing += Exchange(device, Encoding.UTF8.GetBytes($"{{\"seq\":{i},\"temp_c\":{20 + i % 7 * 0.5:F1},\"rssi\":{-60 - i % 5}}}"), replyMs, interrupt) ? 0 : 1;
                }
                interrupt.ExitIfRequested();
                bool pongMissing = false;
                if (r.GetValue(ping))
                {
                    sw.Restart();
                    device.Ping();
                    pongMissing = !device.WaitForPong(replyMs);
                    Console.WriteLine(pongMissing ? "no pong" : $"pong ({sw.ElapsedMilliseconds} ms)");
                }
                if (r.GetValue(rekey)) { device.Rekey(); Console.WriteLine("rekeyed"); }
                device.Close();
                Console.WriteLine("closed (BYE sent)");
                if (missing > 0) throw CliError.Failed($"{missing} message(s) got no reply from {t} {ep} within --reply-timeout {replyMs} ms");
                if (pongMissing) throw CliError.Failed($"no PONG from {t} {ep} within --reply-timeout {replyMs} ms");
                return 0;
            }
            catch (Exception e) when (e is UsmpException or IOException or System.Net.Sockets.SocketException)
            {
                interrupt.WaitIfInterrupted();
                throw CliError.Failed(CliError.Describe(e, t, ep));
            }
        });
        return cmd;
    }

    private static bool Exchange(DeviceClient device, byte[] data, int replyMs, Interrupt interrupt)
    {
        var sw = Stopwatch.StartNew();
        device.Send(data);
        // The reply is awaited in short slices so that a signal is answered (BYE from this thread,
        // which owns the client) within a slice, not after the whole --reply-timeout.
        byte[]? reply = null;
        while (reply == null && sw.ElapsedMilliseconds < replyMs)
        {
            reply = device.Receive((int)Math.Min(200, replyMs - sw.ElapsedMilliseconds));
            interrupt.ExitIfRequested();
        }
        string shown = reply == null ? "(no reply)" : Printable(reply);
        Console.WriteLine($"sent {data.Length} B, reply {reply?.Length ?? 0} B in {sw.ElapsedMilliseconds} ms: {shown}");
        return reply != null;
    }

    internal static string Printable(byte[] b)
    {
        string s = Encoding.UTF8.GetString(b);
        bool text = s.All(c => !char.IsControl(c) || c == '\n');
        return text ? (s.Length > 80 ? s[..80] + "..." : s) : Convert.ToHexStringLower(b.AsSpan(0, Math.Min(32, b.Length))) + (b.Length > 32 ? "..." : "");
    }

    /// <summary>SIGINT / SIGTERM: BYE (the client's Close), one line, exit 128 + signal. The client is not
    /// thread-safe, so the main thread says BYE itself at its next step (a pause between telemetry
    /// messages wakes at once). Only when it is blocked longer than Grace (a handshake, or a
    /// BYE's own retransmissions) does the signal thread close the client instead, ending the main thread's socket; the
    /// main thread's resulting failure is then not reported (WaitIfInterrupted).</summary>
    private sealed class Interrupt : IDisposable
    {
        private const int GraceMs = 5000;
        private readonly DeviceClient _device;
        private readonly PosixSignalRegistration _int, _term;
        private readonly ManualResetEventSlim _requested = new();
        private volatile string _signal = "";
        private int _finishing;

        public Interrupt(DeviceClient device)
        {
            _device = device;
            void Handler(PosixSignalContext c)
            {
                c.Cancel = true;
                if (_requested.IsSet) return;
                _signal = c.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
                _requested.Set();
                Thread.Sleep(GraceMs);   // the main thread normally exits within this
                Finish();
            }
            _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler);
            _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler);
        }

        /// <summary>Sleeps ms, or less when a signal arrives.</summary>
        public void Pause(int ms) => _requested.Wait(ms);

        /// <summary>After a signal: BYE, the line, exit 130/143. Otherwise returns at once.</summary>
        public void ExitIfRequested() { if (_requested.IsSet) Finish(); }

        public void WaitIfInterrupted() => ExitIfRequested();

        // Whichever thread gets here first says BYE and exits; the other waits for the exit.
        private void Finish()
        {
            if (Interlocked.Exchange(ref _finishing, 1) == 1) Thread.Sleep(Timeout.Infinite);
            try { _device.Close(); } catch (Exception) { }
            Console.Error.WriteLine($"usmp device: interrupted by {_signal}; BYE sent");
            Console.Out.Flush();
            Environment.Exit(_signal == "SIGINT" ? 130 : 143);
        }

        public void Dispose() { _int.Dispose(); _term.Dispose(); _requested.Dispose(); }
    }
}
