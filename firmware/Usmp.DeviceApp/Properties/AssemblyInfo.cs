using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Usmp.DeviceApp")]
[assembly: AssemblyDescription("USMP device application for ESP32: Wi-Fi, I:\\usmp.conf, telemetry and gateway commands over a USMP session")]
[assembly: AssemblyProduct("USMP device client")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
[assembly: ComVisible(false)]
