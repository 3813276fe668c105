// Parses I:\usmp.conf: UTF-8 text, one `key=value` per line (LF or CRLF), `#` starts a comment
// line, blank lines ignored, spaces around keys and values ignored. Strict on purpose: an unknown
// key (a typo such as `pks=`) or a duplicate is an error, not a silently ignored line, because
// a device that quietly falls back to the development key is worse than one that stops.
//
//   key            required  value
//   wifi_ssid      no        SSID joined when the device has no stored Wi-Fi credentials
//   wifi_password  no        its passphrase (only with wifi_ssid)
//   gateway_host   no*       IPv4 literal or DNS name
//   gateway_port   no        1..65535, default 9000
//   transport      no        tcp | udp, default tcp
//   psk            no*       the PSK as text (its UTF-8 bytes), >= 16 bytes
//   psk_hex        no*       the PSK as hex digits (even count), >= 16 bytes; not with psk
//   interval_s     no        telemetry interval 1..86400 s, default 30
//   keepalive_s    no        PING after this many idle seconds, 0..3600 (0 = off), default 15
//
// * Missing gateway_host or PSK: the public development default is used and flagged
//   (DeviceConfig.UsesDevelopmentPsk / UsesDevelopmentGateway) so the app warns loudly.
// Error messages name the line and key and never contain the PSK or the Wi-Fi password.
// The PSK passes through an immutable string (the file text) that cannot be wiped; the byte[]
// that the client uses can be (DeviceConfig.Wipe).
using System;
using System.Text;

namespace Usmp.DeviceApp
{
    public static class DeviceConfigParser
    {
        public const string FileName = "I:\\usmp.conf";
        public const int MaxFileBytes = 4096;
        public const int MaxHostLength = 253;
        public const int MaxSsidLength = 32;             // IEEE 802.11 SSID
        public const int MaxWifiPasswordLength = 64;     // WPA2 passphrase 8..63 chars or 64 hex
        public const int MaxPskBytes = 256;

        public static DeviceConfig Parse(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException("text");
            }
            Fields fields = new Fields();
            int lineNumber = 0;
            int start = 0;
            while (start <= text.Length)
            {
                int end = text.IndexOf('\n', start);
                if (end < 0)
                {
                    end = text.Length;
                }
                lineNumber++;
                ParseLine(text.Substring(start, end - start), lineNumber, fields);
                start = end + 1;
            }
            return Build(fields);
        }

        // Parses UTF-8 file bytes (what ConfigFile reads from I:\).
        public static DeviceConfig Parse(byte[] utf8, int offset, int count)
        {
            if (utf8 == null)
            {
                throw new ArgumentNullException("utf8");
            }
            if (offset < 0 || count < 0 || offset > utf8.Length - count)
            {
                throw new ArgumentOutOfRangeException("count");
            }
            if (count > MaxFileBytes)
            {
                throw new DeviceConfigException("configuration file is larger than " + MaxFileBytes + " bytes");
            }
            return Parse(count == 0 ? string.Empty : Encoding.UTF8.GetString(utf8, offset, count));
        }

        public static byte[] TextToBytes(string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        // ---- one line ----

        private static void ParseLine(string rawLine, int lineNumber, Fields fields)
        {
            string line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                return;
            }
            int equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw new DeviceConfigException("line " + lineNumber + ": expected key=value");
            }
            string key = line.Substring(0, equals).Trim();
            string value = line.Substring(equals + 1).Trim();
            Store(fields, key, value, lineNumber);
        }

        private static void Store(Fields f, string key, string value, int line)
        {
            switch (key)
            {
                case "wifi_ssid": f.WifiSsid = Once(f.WifiSsid, value, key, line); break;
                case "wifi_password": f.WifiPassword = Once(f.WifiPassword, value, key, line); break;
                case "gateway_host": f.GatewayHost = Once(f.GatewayHost, value, key, line); break;
                case "gateway_port": f.GatewayPort = Once(f.GatewayPort, value, key, line); break;
                case "transport": f.Transport = Once(f.Transport, value, key, line); break;
                case "psk": f.PskText = Once(f.PskText, value, key, line); break;
                case "psk_hex": f.PskHex = Once(f.PskHex, value, key, line); break;
                case "interval_s": f.Interval = Once(f.Interval, value, key, line); break;
                case "keepalive_s": f.Keepalive = Once(f.Keepalive, value, key, line); break;
                default:
                    throw new DeviceConfigException("line " + line + ": unknown key '" + key + "'");
            }
        }

        private static string Once(string previous, string value, string key, int line)
        {
            if (previous != null)
            {
                throw new DeviceConfigException("line " + line + ": duplicate key '" + key + "'");
            }
            return value;
        }

        // ---- whole file ----

        private static DeviceConfig Build(Fields f)
        {
            if (f.WifiPassword != null && f.WifiSsid == null)
            {
                throw new DeviceConfigException("wifi_password given without wifi_ssid");
            }
            CheckLength(f.WifiSsid, 1, MaxSsidLength, "wifi_ssid");
            CheckLength(f.WifiPassword, 0, MaxWifiPasswordLength, "wifi_password");

            bool developmentGateway = f.GatewayHost == null;
            string host = developmentGateway ? DeviceConfig.DevelopmentGatewayHost : ParseHost(f.GatewayHost);
            int port = f.GatewayPort == null ? DeviceConfig.DefaultGatewayPort
                : ParseBounded(f.GatewayPort, "gateway_port", DeviceConfig.MinPortNumber, DeviceConfig.MaxPortNumber);
            GatewayTransport transport = f.Transport == null ? GatewayTransport.Tcp : ParseTransport(f.Transport);
            int interval = f.Interval == null ? DeviceConfig.DefaultTelemetryIntervalSeconds
                : ParseBounded(f.Interval, "interval_s", DeviceConfig.MinTelemetryIntervalSeconds, DeviceConfig.MaxTelemetryIntervalSeconds);
            int keepalive = f.Keepalive == null ? DeviceConfig.DefaultKeepaliveSeconds
                : ParseBounded(f.Keepalive, "keepalive_s", 0, DeviceConfig.MaxKeepaliveSeconds);

            bool developmentPsk = f.PskText == null && f.PskHex == null;
            byte[] psk = developmentPsk ? TextToBytes(DeviceConfig.DevelopmentPskText) : ParsePsk(f.PskText, f.PskHex);

            return new DeviceConfig(f.WifiSsid, f.WifiPassword, host, port, transport, psk, interval, keepalive,
                developmentPsk, developmentGateway);
        }

        private static void CheckLength(string value, int min, int max, string key)
        {
            if (value != null && (value.Length < min || value.Length > max))
            {
                throw new DeviceConfigException(key + ": length must be " + min + ".." + max);
            }
        }

        private static string ParseHost(string value)
        {
            if (value.Length == 0 || value.Length > MaxHostLength)
            {
                throw new DeviceConfigException("gateway_host: must be 1.." + MaxHostLength + " characters");
            }
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
                if (!ok)
                {
                    throw new DeviceConfigException("gateway_host: only letters, digits, '.' and '-' are allowed");
                }
            }
            return value;
        }

        private static GatewayTransport ParseTransport(string value)
        {
            if (value == "tcp")
            {
                return GatewayTransport.Tcp;
            }
            if (value == "udp")
            {
                return GatewayTransport.Udp;
            }
            throw new DeviceConfigException("transport: must be tcp or udp");
        }

        // Decimal digits only (no sign, no spaces inside), at most 9 of them, within [min, max].
        internal static int ParseBounded(string value, string key, int min, int max)
        {
            if (value.Length == 0 || value.Length > 9)
            {
                throw new DeviceConfigException(key + ": expected a number " + min + ".." + max);
            }
            int result = 0;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c < '0' || c > '9')
                {
                    throw new DeviceConfigException(key + ": expected a number " + min + ".." + max);
                }
                result = result * 10 + (c - '0');
            }
            if (result < min || result > max)
            {
                throw new DeviceConfigException(key + ": " + result + " is outside " + min + ".." + max);
            }
            return result;
        }

        // ---- PSK ----

        private static byte[] ParsePsk(string text, string hex)
        {
            if (text != null && hex != null)
            {
                throw new DeviceConfigException("give either psk or psk_hex, not both");
            }
            byte[] psk = text != null ? TextToBytes(text) : HexToBytes(hex);
            if (psk.Length < UsmpConstants.MinPskSize || psk.Length > MaxPskBytes)
            {
                int length = psk.Length;
                Array.Clear(psk, 0, psk.Length);
                throw new DeviceConfigException((text != null ? "psk" : "psk_hex") + ": " + length
                    + " bytes, must be " + UsmpConstants.MinPskSize + ".." + MaxPskBytes + " (spec §9)");
            }
            return psk;
        }

        // Branch-free per digit: the PSK's digits decide no branch and no table index; one
        // accumulated "invalid" mask is checked after the whole string.
        internal static byte[] HexToBytes(string hex)
        {
            if ((hex.Length & 1) != 0)
            {
                throw new DeviceConfigException("psk_hex: odd number of hex digits");
            }
            byte[] bytes = new byte[hex.Length / 2];
            int invalid = 0;
            for (int i = 0; i < bytes.Length; i++)
            {
                int high = HexValue(hex[2 * i], ref invalid);
                int low = HexValue(hex[2 * i + 1], ref invalid);
                bytes[i] = (byte)((high << 4) | low);
            }
            if (invalid != 0)
            {
                Array.Clear(bytes, 0, bytes.Length);
                throw new DeviceConfigException("psk_hex: only hex digits 0-9 a-f A-F are allowed");
            }
            return bytes;
        }

        // -1 (all ones) when lo <= c <= hi, else 0, without a branch.
        private static int InRange(int c, int lo, int hi)
        {
            return ((lo - 1 - c) & (c - (hi + 1))) >> 31;
        }

        private static int HexValue(char ch, ref int invalid)
        {
            int c = ch;
            int digit = InRange(c, '0', '9');
            int lower = InRange(c, 'a', 'f');
            int upper = InRange(c, 'A', 'F');
            invalid |= ~(digit | lower | upper) & 1;
            return (digit & (c - '0')) | (lower & (c - 'a' + 10)) | (upper & (c - 'A' + 10));
        }

        // The raw values seen so far (null = key absent).
        private sealed class Fields
        {
            public string WifiSsid;
            public string WifiPassword;
            public string GatewayHost;
            public string GatewayPort;
            public string Transport;
            public string PskText;
            public string PskHex;
            public string Interval;
            public string Keepalive;
        }
    }
}
