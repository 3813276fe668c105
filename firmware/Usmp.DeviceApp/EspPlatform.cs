// The ESP32 side of IDevicePlatform and IClock.
using System.Threading;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;

namespace Usmp.DeviceApp
{
    public sealed class EspPlatform : IDevicePlatform
    {
        private readonly DeviceConfig _config;
        private readonly IDeviceLog _log;

        public EspPlatform(DeviceConfig config, IDeviceLog log)
        {
            _config = config;
            _log = log;
        }

        // nanoFramework has no GC.Collect/GetTotalMemory: GC.Run(false) runs a non-compacting
        // collection and returns the free managed heap in bytes (one GC per reading).
        public long FreeHeapBytes()
        {
            return nanoFramework.Runtime.Native.GC.Run(false);
        }

        // The station reconnects to its AP by itself (WifiReconnectionKind.Automatic); this only
        // runs the full join again when the interface has lost its address.
        public bool EnsureNetwork()
        {
            return WifiConnector.HasAddress() || WifiConnector.Connect(_config, _log);
        }

        public void Sleep(int milliseconds)
        {
            Thread.Sleep(milliseconds);
        }

        public void Reboot()
        {
            Power.RebootDevice();
        }
    }

    // Milliseconds since boot from esp_timer (HighResTimer.GetCurrent, microseconds): monotonic,
    // unlike DateTime.UtcNow, which jumps when SNTP sets the clock.
    public sealed class UptimeClock : IClock
    {
        public long NowMilliseconds
        {
            get { return (long)(HighResTimer.GetCurrent() / 1000); }
        }
    }
}
