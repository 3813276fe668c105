using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("MinimalTelemetry")]
[assembly: AssemblyDescription("USMP sample: Wi-Fi, connect, send one reading, receive, close")]
[assembly: AssemblyProduct("USMP device client samples")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
[assembly: ComVisible(false)]
