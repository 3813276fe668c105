// Reads I:\usmp.conf from the ESP32 "config" littlefs partition (written by
// `nanoff --filedeployment deploy/deploy.json`) and parses it (DeviceConfigParser).
//   - no file at all: the development defaults (DeviceConfig.CreateDevelopmentDefaults), which
//     the app announces with the loud warning;
//   - a file that is unreadable or invalid: DeviceConfigException - the app does NOT fall back
//     to the public defaults then (a typo must not silently downgrade a production device).
// The file bytes (which hold the PSK) are wiped after parsing.
using System;
using System.IO;

namespace Usmp.DeviceApp
{
    public static class ConfigFile
    {
        public static DeviceConfig Load(IDeviceLog log)
        {
            if (!Exists())
            {
                log.Write("config: " + DeviceConfigParser.FileName + " not found, using the DEVELOPMENT defaults");
                return DeviceConfig.CreateDevelopmentDefaults();
            }
            byte[] bytes = null;
            try
            {
                bytes = ReadAll(DeviceConfigParser.FileName);
                DeviceConfig config = DeviceConfigParser.Parse(bytes, 0, bytes.Length);
                log.Write("config: read " + DeviceConfigParser.FileName);
                return config;
            }
            finally
            {
                if (bytes != null)
                {
                    Array.Clear(bytes, 0, bytes.Length);
                }
            }
        }

        private static bool Exists()
        {
            try
            {
                return File.Exists(DeviceConfigParser.FileName);
            }
            catch (Exception)
            {
                // No I: drive (no config partition in this image): same as no file.
                return false;
            }
        }

        private static byte[] ReadAll(string path)
        {
            FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read);
            try
            {
                long length = stream.Length;
                if (length > DeviceConfigParser.MaxFileBytes)
                {
                    throw new DeviceConfigException("config: " + path + " is larger than " + DeviceConfigParser.MaxFileBytes + " bytes");
                }
                byte[] bytes = new byte[(int)length];
                int read = 0;
                while (read < bytes.Length)
                {
                    int n = stream.Read(bytes, read, bytes.Length - read);
                    if (n <= 0)
                    {
                        throw new DeviceConfigException("config: " + path + " ended early");
                    }
                    read += n;
                }
                return bytes;
            }
            finally
            {
                stream.Close();
            }
        }
    }
}
