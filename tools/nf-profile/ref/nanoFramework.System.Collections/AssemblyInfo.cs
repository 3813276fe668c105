// Reference assembly nanoFramework.System.Collections (package nanoFramework.System.Collections 1.5.75). Our own declaration of the API surface
// (see ../../README.md); bodies are `throw null;`, compiled only to compile against.
// deps: 
using System.Reflection;

[assembly: AssemblyVersion("1.5.75.0")]
