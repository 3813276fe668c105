using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Usmp.Native")]
[assembly: AssemblyDescription("USMP native crypto core for .NET nanoFramework (InternalCall interop)")]
[assembly: AssemblyProduct("USMP device client")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
[assembly: ComVisible(false)]

// The native method set's version: must equal the { 1, 0, 0, 0 } of g_CLR_AssemblyNative_Usmp_Native
// in native-interop/nanoclr/Usmp_Native_native.cpp. Bump both (and regenerate the stubs, reflash)
// whenever a signature or the order of CryptoNative's externs changes.
[assembly: AssemblyNativeVersion("3.0.0.0")]
