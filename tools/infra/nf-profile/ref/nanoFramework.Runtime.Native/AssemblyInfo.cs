// Reference assembly nanoFramework.Runtime.Native (package nanoFramework.Runtime.Native 1.7.11). Our own declaration of the API surface
// (see ../../README.md); bodies are `throw null;`, compiled only to compile against.
// deps: 
// package: nanoFramework.Runtime.Native 1.7.11
using System.Reflection;

[assembly: AssemblyVersion("1.7.11.0")]
