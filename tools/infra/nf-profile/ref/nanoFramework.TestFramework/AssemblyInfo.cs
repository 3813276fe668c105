// Reference assembly nanoFramework.TestFramework (package nanoFramework.TestFramework 3.0.80). Our own declaration of the API surface
// (see ../../README.md); bodies are `throw null;`, compiled only to compile against.
// deps: 
// package: nanoFramework.TestFramework 3.0.80
using System.Reflection;

[assembly: AssemblyVersion("3.0.80.0")]
