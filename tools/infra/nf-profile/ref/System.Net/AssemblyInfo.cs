// Reference assembly System.Net (package nanoFramework.System.Net 1.11.60). Our own declaration of the API surface
// (see ../../README.md); bodies are `throw null;`, compiled only to compile against.
// deps: nanoFramework.Runtime.Events System.Threading
// package: nanoFramework.System.Net 1.11.60
using System.Reflection;

[assembly: AssemblyVersion("1.11.60.0")]
