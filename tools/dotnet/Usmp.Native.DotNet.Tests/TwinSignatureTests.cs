using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace Usmp.Native.DotNet.Tests
{
    // The P/Invoke twin must declare exactly CryptoNative.cs's methods, in the same order, with
    // the same parameters, and forward each to the usmp_abi_* function of the same position; the
    // host-only ServerNative forwards to usmp_abi_server.h the same way. No extern has a ref/out.
    public class TwinSignatureTests
    {
        private static string RepoFile(string relative)
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new FileNotFoundException(relative);
        }

        private static string[] Declarations(string source, string pattern)
        {
            return Regex.Matches(source, pattern)
                .Select(m => Regex.Replace(m.Groups[1].Value, @"\s+", " ").Trim())
                .ToArray();
        }

        [Fact]
        public void HostTwinDeclaresTheSameMethodsInTheSameOrder()
        {
            string device = File.ReadAllText(RepoFile("firmware/Usmp.Native/CryptoNative.cs"));
            string host = File.ReadAllText(RepoFile("tools/dotnet/Usmp.Native.DotNet/CryptoNative.Host.cs"));
            string[] want = Declarations(device, @"public static extern (int \w+\([^)]*\));");
            string[] have = Declarations(host, @"public static (int \w+\([^)]*\))\s*\{");
            Assert.Equal(11, want.Length);
            Assert.Equal(want, have);
            Assert.DoesNotContain(want, d => d.Contains("ref ") || d.Contains("out "));
        }

        [Fact]
        public void EveryForwarderCallsTheAbiFunctionOfTheSamePosition()
        {
            string abi = File.ReadAllText(RepoFile("native-interop/include/usmp_abi.h"));
            string host = File.ReadAllText(RepoFile("tools/dotnet/Usmp.Native.DotNet/CryptoNative.Host.cs"));
            string[] abiNames = Regex.Matches(abi, @"USMP_ABI_EXPORT int32_t (usmp_abi_\w+)").Select(m => m.Groups[1].Value).ToArray();
            string[] calls = Regex.Matches(host, @"NativeCallStats\.Count\(\);\s*return (usmp_abi_\w+)\(").Select(m => m.Groups[1].Value).ToArray();
            string[] entryPoints = Regex.Matches(host, @"EntryPoint = ""(usmp_abi_\w+)""").Select(m => m.Groups[1].Value).ToArray();
            Assert.Equal(abiNames, calls);
            Assert.Equal(abiNames, entryPoints);
        }

        [Fact]
        public void ServerTwinCallsTheHostOnlyAbiFunctionsInOrder()
        {
            string abi = File.ReadAllText(RepoFile("native-interop/include/usmp_abi_server.h"));
            string host = File.ReadAllText(RepoFile("tools/dotnet/Usmp.Native.DotNet/ServerNative.cs"));
            string device = File.ReadAllText(RepoFile("firmware/Usmp.Native/CryptoNative.cs"));
            string[] abiNames = Regex.Matches(abi, @"USMP_ABI_EXPORT int32_t (usmp_abi_\w+)").Select(m => m.Groups[1].Value).ToArray();
            string[] calls = Regex.Matches(host, @"NativeCallStats\.Count\(\);\s*return (usmp_abi_\w+)\(").Select(m => m.Groups[1].Value).ToArray();
            string[] entryPoints = Regex.Matches(host, @"EntryPoint = ""(usmp_abi_\w+)""").Select(m => m.Groups[1].Value).ToArray();
            Assert.Equal(6, abiNames.Length);
            Assert.Equal(abiNames, calls);
            Assert.Equal(abiNames, entryPoints);
            foreach (string name in new[] { "X25519Keypair", "DeriveSessionKeys", "ServerConsumeHello", "ServerProof", "HmacSha256" })
            {
                Assert.DoesNotContain(" " + name + "(", device);   // host-only: never in the device ABI
            }
        }

        [Fact]
        public void ReflectedTwinMatchesTheDeviceSurface()
        {
            Type twin = typeof(NativeStatus).Assembly.GetType("Usmp.Native.CryptoNative", true);
            string[] reflected = twin.GetMethods(BindingFlags.Static | BindingFlags.Public)
                .Where(m => m.DeclaringType == twin)
                .OrderBy(m => m.MetadataToken)
                .Select(m => m.Name + "(" + string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name)) + ")")
                .ToArray();
            string device = File.ReadAllText(RepoFile("firmware/Usmp.Native/CryptoNative.cs"));
            string[] want = Regex.Matches(device, @"public static extern int (\w+)\(([^)]*)\);")
                .Select(m => m.Groups[1].Value + "(" + string.Join(", ", m.Groups[2].Value.Split(',')
                    .Select(p => p.Trim()).Select(p => p.StartsWith("byte[]") ? "Byte[]" : p.StartsWith("ref int") ? "Int32&" : "Int32")) + ")")
                .ToArray();
            Assert.Equal(11, want.Length);
            Assert.Equal(want, reflected);
        }

        [Fact]
        public void ResolverFindsTheLibraryUnderNativeInteropBuildAboveTheBaseDirectory()
        {
            string root = Path.Combine(Path.GetTempPath(), "usmp-resolve-" + Guid.NewGuid().ToString("N"));
            string build = Path.Combine(root, "native-interop", "build");
            string app = Path.Combine(root, "a", "b");
            Directory.CreateDirectory(build);
            Directory.CreateDirectory(app);
            try
            {
                Type twin = typeof(NativeStatus).Assembly.GetType("Usmp.Native.CryptoNative", true);
                MethodInfo find = twin.GetMethod("FindLibrary", BindingFlags.Static | BindingFlags.NonPublic);
                string file = (string)twin.GetMethod("PlatformFileName", BindingFlags.Static | BindingFlags.NonPublic).Invoke(null, null);
                Assert.Null(find.Invoke(null, new object[] { null, app }));
                File.WriteAllText(Path.Combine(build, file), "");
                Assert.Equal(Path.Combine(build, file), find.Invoke(null, new object[] { null, app }));
                string env = Path.Combine(root, "custom.so");
                File.WriteAllText(env, "");
                Assert.Equal(env, find.Invoke(null, new object[] { env, app }));
            }
            finally
            {
                Directory.Delete(root, true);
            }
        }
    }
}
