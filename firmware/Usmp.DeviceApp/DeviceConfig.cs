// The device's settings, as read from I:\usmp.conf (DeviceConfigParser) or, for development
// only, the built-in defaults below. Immutable after parsing; the PSK array is owned by this
// object (Wipe clears it when the app stops using it).
//
// The development defaults exist so a freshly flashed board can be tried against a local test
// gateway. They are PUBLIC: anyone who reads this file knows the key. Whenever one is in use the
// app prints a loud warning at start-up and again before every connection (DeviceLoop).
using System;

namespace Usmp.DeviceApp
{
    public enum GatewayTransport
    {
        Tcp,
        Udp
    }

    public sealed class DeviceConfig
    {
        // ---- development defaults: NEVER for production (see the header) ----
        public const string DevelopmentPskText = "usmp-dev-psk-change-me-before-prod";
        public const string DevelopmentGatewayHost = "192.168.1.100";

        // ---- defaults for optional keys (our choices) ----
        public const int DefaultGatewayPort = 9000;                 // Python USMPServer default (§10)
        public const int DefaultTelemetryIntervalSeconds = 30;
        public const int DefaultKeepaliveSeconds = 15;              // the C ESP32 example's 15 s

        // ---- bounds ----
        public const int MinTelemetryIntervalSeconds = 1;
        public const int MaxTelemetryIntervalSeconds = 86400;       // one day
        public const int MaxKeepaliveSeconds = 3600;                // 0 = off
        public const int MinPortNumber = 1;
        public const int MaxPortNumber = 65535;

        internal DeviceConfig(string wifiSsid, string wifiPassword, string gatewayHost, int gatewayPort,
            GatewayTransport transport, byte[] psk, int telemetryIntervalSeconds, int keepaliveSeconds,
            bool developmentPsk, bool developmentGateway)
        {
            WifiSsid = wifiSsid;
            WifiPassword = wifiPassword;
            GatewayHost = gatewayHost;
            GatewayPort = gatewayPort;
            Transport = transport;
            Psk = psk;
            TelemetryIntervalSeconds = telemetryIntervalSeconds;
            KeepaliveSeconds = keepaliveSeconds;
            UsesDevelopmentPsk = developmentPsk;
            UsesDevelopmentGateway = developmentGateway;
        }

        // Wi-Fi network to join when no credentials are stored on the device; null = none given.
        public string WifiSsid { get; private set; }

        public string WifiPassword { get; private set; }

        // IPv4 literal or DNS name.
        public string GatewayHost { get; private set; }

        public int GatewayPort { get; private set; }

        public GatewayTransport Transport { get; private set; }

        // >= 16 bytes (spec usmp-v2.md §9).
        public byte[] Psk { get; private set; }

        public int TelemetryIntervalSeconds { get; private set; }

        // PING after this many idle seconds (UsmpClientOptions.KeepaliveIdleMs); 0 = off.
        public int KeepaliveSeconds { get; private set; }

        public bool UsesDevelopmentPsk { get; private set; }

        public bool UsesDevelopmentGateway { get; private set; }

        public bool UsesDevelopmentDefaults
        {
            get { return UsesDevelopmentPsk || UsesDevelopmentGateway; }
        }

        // The configuration of a device that has no I:\usmp.conf at all.
        public static DeviceConfig CreateDevelopmentDefaults()
        {
            return new DeviceConfig(null, null, DevelopmentGatewayHost, DefaultGatewayPort, GatewayTransport.Tcp,
                DeviceConfigParser.TextToBytes(DevelopmentPskText), DefaultTelemetryIntervalSeconds,
                DefaultKeepaliveSeconds, true, true);
        }

        // Clears the PSK bytes (the app calls this when it stops).
        public void Wipe()
        {
            if (Psk != null)
            {
                Array.Clear(Psk, 0, Psk.Length);
            }
        }
    }

    // A configuration file that cannot be used: names the line and the key, never echoes a secret.
    public class DeviceConfigException : Exception
    {
        public DeviceConfigException(string message) : base(message)
        {
        }
    }
}
