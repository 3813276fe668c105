// Everything a UsmpClient needs from its owner. DeviceId, Psk and Random have no defaults: the
// device decides (usually the Wi-Fi MAC, a provisioned PSK, and the native CSPRNG). The arrays
// are referenced, not copied: the caller owns them (each handshake copies the PSK and wipes its
// copy when it ends).
//
// Defaults follow the reference implementations (spec usmp-v2.md §8, §9, §11):
//   HandshakeTimeoutMs 10000   Python connect(timeout=10.0)
//   ConnectTimeoutMs   10000   TCP connect guard (nanoFramework's Connect has none)
//   KeepaliveIdleMs    0       off, as in C (keepalive_ms 0); the ESP32 example uses 15000
//   RxWatchdogMs       0       off; with keepalive on, set it to a few keepalive periods: a live
//                              gateway answers every PING, so that much silence means it is gone
//   SendTimeoutMs      10000   TCP: a send blocked that long (half-open peer) fails typed
//   Reconnect*                 500 ms doubling to 30 s with jitter, 5 attempts (our choice)
using System;

namespace Usmp
{
    public sealed class UsmpClientOptions
    {
        public UsmpClientOptions()
        {
            HandshakeTimeoutMs = 10000;
            ConnectTimeoutMs = 10000;
            KeepaliveIdleMs = 0;
            RxWatchdogMs = 0;
            SendTimeoutMs = 10000;
            ReconnectBaseDelayMs = 500;
            ReconnectMaxDelayMs = 30000;
            ReconnectMaxAttempts = 5;
        }

        // 6 bytes (§2 HELLO device_id), usually the station MAC address.
        public byte[] DeviceId { get; set; }

        // At least 16 bytes (§9).
        public byte[] Psk { get; set; }

        // Ephemeral keys and REKEY salts. On the device: new NativeRandomSource().
        public IRandomSource Random { get; set; }

        // Keepalive and handshake deadlines; null = SystemClock.
        public IClock Clock { get; set; }

        public int HandshakeTimeoutMs { get; set; }

        public int ConnectTimeoutMs { get; set; }

        // KeepaliveTick sends a PING once this long has passed since the last transmit; 0 = off.
        public int KeepaliveIdleMs { get; set; }

        // Receive/KeepaliveTick throw UsmpTimeoutException and end the session (keys wiped) once no
        // authenticated frame has arrived for this long; 0 = off.
        public int RxWatchdogMs { get; set; }

        // TCP send timeout (socket SendTimeout): a peer that stops reading cannot block Send forever.
        public int SendTimeoutMs { get; set; }

        public int ReconnectBaseDelayMs { get; set; }

        public int ReconnectMaxDelayMs { get; set; }

        // Connect attempts made by ConnectWithRetry before it gives up (>= 1).
        public int ReconnectMaxAttempts { get; set; }

        // Test-only seam: the ephemeral X25519 private key of the next handshakes (transcript tests).
        internal byte[] EphemeralPrivateKeyForTests { get; set; }

        // Null options: ArgumentNullException("options"); otherwise Validate.
        internal static void RequireValid(UsmpClientOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException("options");
            }
            options.Validate();
        }

        // Throws ArgumentException naming the first bad option.
        public void Validate()
        {
            if (DeviceId == null || DeviceId.Length != UsmpConstants.DeviceIdSize)
            {
                throw new ArgumentException("DeviceId must be 6 bytes", "DeviceId");
            }
            if (Psk == null || Psk.Length < UsmpConstants.MinPskSize)
            {
                throw new ArgumentException("Psk must be at least 16 bytes (spec §9)", "Psk");
            }
            if (Random == null)
            {
                throw new ArgumentException("Random is required (use NativeRandomSource on the device)", "Random");
            }
            if (HandshakeTimeoutMs <= 0 || ConnectTimeoutMs <= 0 || SendTimeoutMs <= 0 || KeepaliveIdleMs < 0 || RxWatchdogMs < 0)
            {
                throw new ArgumentException("timeouts must be positive (KeepaliveIdleMs and RxWatchdogMs may be 0 = off)");
            }
            if (ReconnectBaseDelayMs <= 0 || ReconnectMaxDelayMs < ReconnectBaseDelayMs || ReconnectMaxAttempts < 1)
            {
                throw new ArgumentException("reconnect policy: base > 0, max >= base, attempts >= 1");
            }
        }
    }
}
