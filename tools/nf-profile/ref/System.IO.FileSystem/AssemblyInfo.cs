// Reference assembly System.IO.FileSystem (package nanoFramework.System.IO.FileSystem 1.1.87, version seen in a
// public nanoFramework app packages.config). Our own declaration of the API surface (see ../../README.md).
// deps: 
using System.Reflection;

[assembly: AssemblyVersion("1.1.87.0")]
