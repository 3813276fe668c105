// Reference assembly nanoFramework.System.Text (package nanoFramework.System.Text 1.3.42). Our own declaration of the API surface
// (see ../../README.md); bodies are `throw null;`, compiled only to compile against.
// deps: 
// package: nanoFramework.System.Text 1.3.42
using System.Reflection;

[assembly: AssemblyVersion("1.3.42.0")]
