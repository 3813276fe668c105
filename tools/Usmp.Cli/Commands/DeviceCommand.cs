// `usmp device`: the firmware client (firmware/Usmp built for the PC) against any gateway.
using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Usmp.Cli.Device;

namespace Usmp.Cli.Commands;

internal static class DeviceCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "gateway host", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "gateway port", DefaultValueFactory = _ => 9000 };
        var udp = new Option<bool>("--udp") { Description = "use UDP (cookie round trip, UTACK/ARQ) instead of TCP" };
        var deviceId = new Option<string?>("--device-id") { Description = "6-byte device id in hex (default: random)" };
        var psk = new Option<string?>("--psk") { Description = "PSK: hex (>= 32 digits), text:..., or plain text (default: the development PSK)" };
        var pskFile = new Option<string?>("--psk-file") { Description = "PSK file (same format and mode 600 rule as the gateway's)" };
        var allowReadable = new Option<bool>("--allow-readable-psk-file") { Description = "use a PSK file even if group or others may access it" };
        var send = new Option<string[]>("--send") { Description = "send TEXT (repeatable) and print the reply", AllowMultipleArgumentsPerToken = false };
        var telemetry = new Option<int>("--telemetry") { Description = "send N telemetry readings", DefaultValueFactory = _ => 0 };
        var interval = new Option<int>("--interval") { Description = "milliseconds between telemetry readings", DefaultValueFactory = _ => 1000 };
        var ping = new Option<bool>("--ping") { Description = "send a PING and wait for the PONG" };
        var rekey = new Option<bool>("--rekey") { Description = "rekey the session" };
        var wait = new Option<int>("--reply-timeout") { Description = "milliseconds to wait for each reply", DefaultValueFactory = _ => 5000 };
        var cmd = new Command("device", "Connect as a device (the firmware client, built for the PC), exchange messages, close.")
        {
            host, port, udp, deviceId, psk, pskFile, allowReadable, send, telemetry, interval, ping, rekey, wait,
        };
        cmd.SetAction(r =>
        {
            try
            {
                byte[] id = CliSupport.ParseDeviceId(r.GetValue(deviceId));
                byte[] key = CliSupport.ResolvePsk(r.GetValue(psk), r.GetValue(pskFile), id, r.GetValue(allowReadable));
                var ep = new System.Net.IPEndPoint(CliSupport.ResolveHost(r.GetValue(host)!), r.GetValue(port));
                bool isUdp = r.GetValue(udp);
                int replyMs = r.GetValue(wait);
                using var device = isUdp ? DeviceClient.Udp(ep, id, key) : DeviceClient.Tcp(ep, id, key);
                var sw = Stopwatch.StartNew();
                device.Connect();
                Console.WriteLine($"connected {(isUdp ? "udp" : "tcp")} {ep} device={CliSupport.Hex(id)} ({sw.ElapsedMilliseconds} ms)");
                foreach (string text in r.GetValue(send) ?? [])
                    Exchange(device, Encoding.UTF8.GetBytes(text), replyMs);
                for (int i = 0; i < r.GetValue(telemetry); i++)
                {
                    if (i > 0) Thread.Sleep(r.GetValue(interval));
                    Exchange(device, Encoding.UTF8.GetBytes($"{{\"seq\":{i},\"temp_c\":{20 + i % 7 * 0.5:F1},\"rssi\":{-60 - i % 5}}}"), replyMs);
                }
                if (r.GetValue(ping))
                {
                    sw.Restart();
                    device.Ping();
                    Console.WriteLine(device.WaitForPong(replyMs) ? $"pong ({sw.ElapsedMilliseconds} ms)" : "no pong");
                }
                if (r.GetValue(rekey)) { device.Rekey(); Console.WriteLine("rekeyed"); }
                device.Close();
                Console.WriteLine("closed (BYE sent)");
                return 0;
            }
            catch (Exception e) when (e is UsmpException or ArgumentException or FormatException or IOException or System.Net.Sockets.SocketException)
            {
                Console.Error.WriteLine($"device failed: {e.GetType().Name}: {e.Message}");
                return 1;
            }
        });
        return cmd;
    }

    private static void Exchange(DeviceClient device, byte[] data, int replyMs)
    {
        var sw = Stopwatch.StartNew();
        device.Send(data);
        byte[]? reply = device.Receive(replyMs);
        string shown = reply == null ? "(no reply)" : Printable(reply);
        Console.WriteLine($"sent {data.Length} B, reply {reply?.Length ?? 0} B in {sw.ElapsedMilliseconds} ms: {shown}");
    }

    internal static string Printable(byte[] b)
    {
        string s = Encoding.UTF8.GetString(b);
        bool text = s.All(c => !char.IsControl(c) || c == '\n');
        return text ? (s.Length > 80 ? s[..80] + "..." : s) : Convert.ToHexStringLower(b.AsSpan(0, Math.Min(32, b.Length))) + (b.Length > 32 ? "..." : "");
    }
}
