// Reference assembly System.Threading (package nanoFramework.System.Threading 1.1.52). Our own declaration of the API surface
// (see ../../README.md); bodies are `throw null;`, compiled only to compile against.
// deps: nanoFramework.System.Collections
// package: nanoFramework.System.Threading 1.1.52
using System.Reflection;

// NOT package version + ".0": nanoframework/System.Threading version.json sets assemblyVersion precision
// "revision" (Nerdbank.GitVersioning fills the 4th part). nanoframework/Samples samples/WiFiAP/WiFiAP.nfproj
// @523c542 references package 1.1.19 as "System.Threading, Version=1.1.19.33722"; 1.1.52.34401 is the
// identity a WiFiAP-derived .nfproj test fixture gives for package 1.1.52 (not read from the package itself).
[assembly: AssemblyVersion("1.1.52.34401")]
