// Reference assembly nanoFramework.Hardware.Esp32 (package nanoFramework.Hardware.Esp32 1.6.40). Our own declaration of the API surface
// (see ../../README.md); bodies are `throw null;`, compiled only to compile against.
// deps: 
// package: nanoFramework.Hardware.Esp32 1.6.40
using System.Reflection;

[assembly: AssemblyVersion("1.6.40.0")]
