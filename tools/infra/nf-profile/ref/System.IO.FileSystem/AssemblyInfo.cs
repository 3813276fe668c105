// Reference assembly System.IO.FileSystem (package nanoFramework.System.IO.FileSystem 1.1.87: the version
// nanoframework/Samples pairs with CoreLibrary 1.17.11, Streams 1.1.96, Text 1.3.42 in
// samples/System.IO.FileSystem/{BasicFileSystemExample,MountExample}/*.csproj @30b8cf9/@040b669). Our own declaration of the API surface (see ../../README.md).
// deps: System.IO.Streams
// package: nanoFramework.System.IO.FileSystem 1.1.87
using System.Reflection;

[assembly: AssemblyVersion("1.1.87.0")]
