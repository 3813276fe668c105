// Reference assembly nanoFramework.System.Collections (package nanoFramework.System.Collections 1.5.75). Our own declaration of the API surface
// (see ../../README.md); bodies are `throw null;`, compiled only to compile against.
// deps: 
// package: nanoFramework.System.Collections 1.5.75
using System.Reflection;

[assembly: AssemblyVersion("1.5.75.0")]
