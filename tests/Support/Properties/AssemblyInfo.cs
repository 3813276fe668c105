using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Usmp.TestSupport")]
[assembly: AssemblyDescription("Test scaffolding for the USMP device client: in-memory transports and links, the server-role duplicate rule. Never deployed to a device.")]
[assembly: AssemblyProduct("USMP device client tests")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
[assembly: ComVisible(false)]
