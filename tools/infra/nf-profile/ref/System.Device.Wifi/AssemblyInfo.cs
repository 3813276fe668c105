// Reference assembly System.Device.Wifi (package nanoFramework.System.Device.Wifi 1.5.149). Our own declaration of the API surface
// (see ../../README.md); bodies are `throw null;`, compiled only to compile against.
// deps: nanoFramework.Runtime.Events System.Threading System.Net
// package: nanoFramework.System.Device.Wifi 1.5.149
using System.Reflection;

[assembly: AssemblyVersion("1.5.149.0")]
