// Reference assembly for nanoFramework.CoreLibrary 1.17.11 (assembly mscorlib, version = package
// version + ".0", shared/spec/nanoframework.md section 10). Our own declaration of the API surface,
// bodies are `throw null;`: it is compiled only to compile against, never run.
// deps: (none, this is the corlib)
using System.Reflection;

[assembly: AssemblyVersion("1.17.11.0")]
