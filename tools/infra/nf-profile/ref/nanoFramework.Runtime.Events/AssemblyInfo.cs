// Reference assembly nanoFramework.Runtime.Events (package nanoFramework.Runtime.Events 1.11.37). Our own declaration of the API surface
// (see ../../README.md); bodies are `throw null;`, compiled only to compile against.
// deps: 
// package: nanoFramework.Runtime.Events 1.11.37
using System.Reflection;

[assembly: AssemblyVersion("1.11.37.0")]
