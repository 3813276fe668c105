// MinimalTelemetry: join Wi-Fi, open a USMP session to the gateway, send one reading, print the
// answer, close. Edit the four constants, deploy, and watch the Output window.
using System;
using System.Diagnostics;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Text;
using System.Threading;
using nanoFramework.Networking;
using Usmp;

namespace MinimalTelemetry
{
    public class Program
    {
        private const string Ssid = "my-wifi";
        private const string WifiPassword = "my-wifi-password";
        private const string Gateway = "192.168.1.10";           // the host running `usmp gateway`
        private const string Psk = "usmp-dev-psk-change-me-before-prod";   // this device's PSK, as the gateway has it

        public static void Main()
        {
            CancellationTokenSource wifi = new CancellationTokenSource(60000);
            if (!WifiNetworkHelper.ConnectDhcp(Ssid, WifiPassword, WifiReconnectionKind.Automatic, false, 0, wifi.Token))
            {
                Debug.WriteLine("Wi-Fi: could not join " + Ssid + "; check the SSID and password");
                return;
            }
            UsmpClientOptions options = new UsmpClientOptions();
            options.DeviceId = NetworkInterface.GetAllNetworkInterfaces()[0].PhysicalAddress;   // the station MAC
            options.Psk = Encoding.UTF8.GetBytes(Psk);
            options.Random = new NativeRandomSource();           // the ESP32 hardware RNG
            UsmpClient client = UsmpClient.CreateTcp(Gateway, 9000, options);   // or CreateUdp
            client.LogHandler = (level, tag, message) => Debug.WriteLine(tag + ": " + message);
            byte[] reply = new byte[UsmpConstants.MaxMessageSize];
            int length = TelemetryRound.Run(client, Encoding.UTF8.GetBytes("{\"temp\":21.5}"), reply, 5000);
            Debug.WriteLine(length > 0 ? "gateway answered: " + Encoding.UTF8.GetString(reply, 0, length) : "no answer within 5 s");
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
