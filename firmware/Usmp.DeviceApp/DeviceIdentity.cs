// The USMP device_id (§2 HELLO, 6 bytes): the Wi-Fi station's MAC address. Stable for the life
// of the chip (burned into eFuse), unique per device, and what the gateway's PSK table is keyed
// by. Read once after Wi-Fi started.
using System;
using System.Net.NetworkInformation;

namespace Usmp.DeviceApp
{
    public static class DeviceIdentity
    {
        public static byte[] ReadStationMac()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                NetworkInterface ni = interfaces[i];
                if (ni.NetworkInterfaceType != NetworkInterfaceType.Wireless80211)
                {
                    continue;
                }
                byte[] mac = ni.PhysicalAddress;
                if (mac != null && mac.Length == UsmpConstants.DeviceIdSize)
                {
                    byte[] id = new byte[UsmpConstants.DeviceIdSize];
                    Array.Copy(mac, id, id.Length);
                    return id;
                }
            }
            throw new InvalidOperationException("no Wi-Fi station interface with a 6-byte MAC address");
        }

        // "aa:bb:cc:dd:ee:ff", the gateway's spelling (§10 USMPSession.device_id).
        public static string Format(byte[] id)
        {
            const string Digits = "0123456789abcdef";
            char[] text = new char[id.Length * 3 - 1];
            for (int i = 0; i < id.Length; i++)
            {
                text[3 * i] = Digits[id[i] >> 4];
                text[3 * i + 1] = Digits[id[i] & 0x0F];
                if (i + 1 < id.Length)
                {
                    text[3 * i + 2] = ':';
                }
            }
            return new string(text);
        }
    }
}
