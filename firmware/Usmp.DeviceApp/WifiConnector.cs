// Joins Wi-Fi, every wait bounded:
//  1. the credentials already stored on the device (Device Explorer, or
//     `nanoff --networkdeployment`), through NetworkHelper.SetupAndConnectNetwork;
//  2. otherwise wifi_ssid / wifi_password from I:\usmp.conf through WifiNetworkHelper.ConnectDhcp
//     (which also stores them in the device's network configuration).
// requiresDateTime is false: USMP needs no wall clock (all its timers are relative), so the
// device does not wait for SNTP.
using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;

namespace Usmp.DeviceApp
{
    public static class WifiConnector
    {
        public const int StoredCredentialsTimeoutMs = 20000;
        public const int ConfiguredCredentialsTimeoutMs = 60000;

        public static bool Connect(DeviceConfig config, IDeviceLog log)
        {
            if (ConnectStored(log))
            {
                return true;
            }
            if (config.WifiSsid == null)
            {
                log.Write("Wi-Fi: no stored credentials worked and usmp.conf has no wifi_ssid");
                return false;
            }
            return ConnectConfigured(config, log);
        }

        // True when the station interface has an IPv4 address.
        public static bool HasAddress()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                NetworkInterface ni = interfaces[i];
                if (ni.NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    string address = ni.IPv4Address;
                    return address != null && address.Length > 0 && address != "0.0.0.0";
                }
            }
            return false;
        }

        private static bool ConnectStored(IDeviceLog log)
        {
            CancellationTokenSource timeout = new CancellationTokenSource(StoredCredentialsTimeoutMs);
            try
            {
                if (NetworkHelper.SetupAndConnectNetwork(timeout.Token, false))
                {
                    log.Write("Wi-Fi: connected with the stored credentials");
                    return true;
                }
                log.Write("Wi-Fi: stored credentials failed (NetworkHelperStatus " + (int)NetworkHelper.Status + ")"
                    + Reason(NetworkHelper.HelperException));
            }
            catch (Exception ex)
            {
                log.Write("Wi-Fi: stored credentials failed: " + DeviceLoop.Describe(ex));
            }
            finally
            {
                timeout.Dispose();
            }
            return false;
        }

        private static bool ConnectConfigured(DeviceConfig config, IDeviceLog log)
        {
            CancellationTokenSource timeout = new CancellationTokenSource(ConfiguredCredentialsTimeoutMs);
            try
            {
                string password = config.WifiPassword != null ? config.WifiPassword : string.Empty;
                if (WifiNetworkHelper.ConnectDhcp(config.WifiSsid, password, WifiReconnectionKind.Automatic, false, 0, timeout.Token))
                {
                    log.Write("Wi-Fi: connected to '" + config.WifiSsid + "'");
                    return true;
                }
                log.Write("Wi-Fi: could not join '" + config.WifiSsid + "' (NetworkHelperStatus " + (int)WifiNetworkHelper.Status + ")"
                    + Reason(WifiNetworkHelper.HelperException));
            }
            catch (Exception ex)
            {
                log.Write("Wi-Fi: joining '" + config.WifiSsid + "' failed: " + DeviceLoop.Describe(ex));
            }
            finally
            {
                timeout.Dispose();
            }
            return false;
        }

        private static string Reason(Exception ex)
        {
            return ex == null ? string.Empty : ": " + DeviceLoop.Describe(ex);
        }
    }
}
