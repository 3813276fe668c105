// Boot order, and why:
//  1. configuration (I:\usmp.conf): an invalid file stops the app here, loudly and repeatedly;
//  2. Wi-Fi (bounded retries, forever): nothing below works without it;
//  3. only NOW the native random source: esp_fill_random() is truly random only while the RF
//     (Wi-Fi/BT) is on; before that it is a pseudo-random sequence (spec/nanoframework.md §4).
//     The first random bytes of the app (ephemeral X25519 keys, REKEY salts, backoff jitter) are
//     drawn after step 2;
//  4. device_id = the station MAC (readable once Wi-Fi started);
//  5. the DeviceLoop, forever.
using System;
using System.Threading;

namespace Usmp.DeviceApp
{
    public static class Startup
    {
        public const int ConfigErrorRepeatMs = 30000;
        public const int WifiRetryMs = 10000;
        public const int ConnectTimeoutMs = 10000;
        public const int ReconnectBaseDelayMs = 1000;
        public const int ReconnectMaxDelayMs = 60000;

        public static void Run(IDeviceLog log)
        {
            log.Write("USMP device app starting");
            DeviceConfig config = LoadConfigOrHalt(log);
            if (config.UsesDevelopmentDefaults)
            {
                DevelopmentWarning.Write(log);
            }
            while (!WifiConnector.Connect(config, log))
            {
                log.Write("Wi-Fi: retrying in " + (WifiRetryMs / 1000) + " s");
                Thread.Sleep(WifiRetryMs);
            }

            // RF is on from here: the native RNG is a true RNG now (see the header).
            IRandomSource random = new NativeRandomSource();
            byte[] deviceId = DeviceIdentity.ReadStationMac();
            log.Write("device_id " + DeviceIdentity.Format(deviceId) + ", gateway " + config.GatewayHost + ":"
                + config.GatewayPort + (config.Transport == GatewayTransport.Udp ? " udp" : " tcp")
                + ", telemetry every " + config.TelemetryIntervalSeconds + " s");

            IClock clock = new UptimeClock();
            UsmpClientOptions options = new UsmpClientOptions();
            options.DeviceId = deviceId;
            options.Psk = config.Psk;
            options.Random = random;
            options.Clock = clock;
            options.ConnectTimeoutMs = ConnectTimeoutMs;
            options.KeepaliveIdleMs = config.KeepaliveSeconds * 1000;
            options.ReconnectBaseDelayMs = ReconnectBaseDelayMs;
            options.ReconnectMaxDelayMs = ReconnectMaxDelayMs;

            UsmpGatewayConnection link = new UsmpGatewayConnection(options, new SocketTransportFactory(config, ConnectTimeoutMs, clock));
            link.Log = log;   // connected/rekeyed/retransmit/drop/closed lines and per-session stats (issue 13)
#if DEBUG
            link.LogLevel = UsmpLogLevel.Debug;
#endif
            DeviceLoop loop = new DeviceLoop(link, new EspPlatform(config, log), clock, log,
                new ReconnectPolicy(options),   // the client library's reconnect policy, the device's delays
                config.TelemetryIntervalSeconds, config.UsesDevelopmentDefaults);
            loop.Run();
        }

        private static DeviceConfig LoadConfigOrHalt(IDeviceLog log)
        {
            while (true)
            {
                try
                {
                    return ConfigFile.Load(log);
                }
                catch (Exception ex)
                {
                    log.Write("CONFIG ERROR, not starting: " + ex.Message);
                    log.Write("fix I:\\usmp.conf (nanoff --filedeployment deploy/deploy.json) ; re-read every 30 s");
                }
                Thread.Sleep(ConfigErrorRepeatMs);
            }
        }
    }
}
