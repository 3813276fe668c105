using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Usmp")]
[assembly: AssemblyDescription("USMP wire version 2 device client for .NET nanoFramework: handshake, session, TCP/UDP transports")]
[assembly: AssemblyProduct("USMP device client")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
[assembly: ComVisible(false)]

// The wipe tests read the internal secret buffers (ClientHandshake, Session) to assert they are
// all zero after success, failure and Abort/Close. NFUnitTest is the device test assembly;
// the host build (tools/dotnet/Usmp.DotNet) grants NFUnitTest.Host the same in its .csproj.
[assembly: InternalsVisibleTo("NFUnitTest")]
