// nanoFramework.System.Device.Wifi: WifiNetworkHelper as in nanoframework/System.Device.Wifi
// System.Device.Wifi/NetworkHelper/WifiNetworkHelper.cs (signatures copied as declarations only).
using System.Threading;
using nanoFramework.Networking;

namespace System.Device.Wifi
{
    public enum WifiReconnectionKind { Automatic = 0, Manual = 1 }

    public class WifiAdapter : IDisposable
    {
        public static WifiAdapter[] FindAllAdapters() => throw null;
        public void Disconnect() => throw null;
        public void ScanAsync() => throw null;
        public void Dispose() => throw null;
    }
}

namespace nanoFramework.Networking
{
    public static class WifiNetworkHelper
    {
        public static ManualResetEvent NetworkReady => throw null;
        public static NetworkHelperStatus Status => throw null;
        public static System.Exception HelperException => throw null;
        public static System.Device.Wifi.WifiAdapter WifiAdapter => throw null;
        public static void SetupNetworkHelper(bool requiresDateTime = false) => throw null;
        public static void SetupNetworkHelper(IPConfiguration ipConfiguration, bool requiresDateTime = false) => throw null;
        public static void SetupNetworkHelper(string ssid, string password, System.Device.Wifi.WifiReconnectionKind reconnectionKind = System.Device.Wifi.WifiReconnectionKind.Automatic, bool requiresDateTime = false) => throw null;
        public static void Disconnect() => throw null;
        public static bool ConnectDhcp(string ssid, string password, System.Device.Wifi.WifiReconnectionKind reconnectionKind = System.Device.Wifi.WifiReconnectionKind.Automatic, bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default) => throw null;
        public static bool ConnectFixAddress(string ssid, string password, IPConfiguration ipConfiguration, System.Device.Wifi.WifiReconnectionKind reconnectionKind = System.Device.Wifi.WifiReconnectionKind.Automatic, bool requiresDateTime = false, int WifiAdapter = 0, CancellationToken token = default) => throw null;
        public static bool ScanAndConnectDhcp(string ssid, string password, System.Device.Wifi.WifiReconnectionKind reconnectionKind = System.Device.Wifi.WifiReconnectionKind.Automatic, bool requiresDateTime = false, int WifiAdapter = 0, CancellationToken token = default) => throw null;
        public static bool Reconnect(bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default) => throw null;
    }
}
