// Reference assembly System.IO.Streams (package nanoFramework.System.IO.Streams 1.1.96). Our own declaration of the API surface
// (see ../../README.md); bodies are `throw null;`, compiled only to compile against.
// deps: 
// package: nanoFramework.System.IO.Streams 1.1.96
using System.Reflection;

[assembly: AssemblyVersion("1.1.96.0")]
