// Reference assembly System.Threading (package nanoFramework.System.Threading 1.1.52). Our own declaration of the API surface
// (see ../../README.md); bodies are `throw null;`, compiled only to compile against.
// deps: nanoFramework.System.Collections
using System.Reflection;

[assembly: AssemblyVersion("1.1.52.0")]
