// Reference assembly System.Net.Sockets.UdpClient (package nanoFramework.System.Net.Sockets.UdpClient 1.1.106). Our own declaration of the API surface
// (see ../../README.md); bodies are `throw null;`, compiled only to compile against.
// deps: System.Net
// package: nanoFramework.System.Net.Sockets.UdpClient 1.1.106
using System.Reflection;

[assembly: AssemblyVersion("1.1.106.0")]
