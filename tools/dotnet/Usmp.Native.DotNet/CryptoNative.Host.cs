// Host twin of firmware/Usmp.Native/CryptoNative.cs: the same internal static methods, names,
// parameters and ORDER, each forwarding to the usmp_abi_* function of
// native-interop/include/usmp_abi.h in libusmp_native.so through P/Invoke. Each byte[] goes as
// (array, array == null ? 0 : array.Length), exactly as usmp_abi.h says; ref int as int*.
// Blittable byte[] arguments are pinned for the call, so native writes land in the array.
// tools/dotnet/Usmp.Native.DotNet.Tests checks that this file and CryptoNative.cs stay in step.
#if !NANOFRAMEWORK_1_0
using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Usmp.Native
{
    public static class CryptoNative
    {
        private const string Lib = "usmp_native";

        internal const string EnvironmentVariable = "USMP_NATIVE_LIB";

        internal const string BuildHint =
            "cmake -S native-interop -B native-interop/build && cmake --build native-interop/build";

        static CryptoNative()
        {
            NativeLibrary.SetDllImportResolver(typeof(CryptoNative).Assembly, Resolve);
        }

        public static int FillRandom(byte[] buffer, int offset, int count)
        {
            NativeCallStats.Count();
            return usmp_abi_fill_random(buffer, Len(buffer), offset, count);
        }

        public static int X25519(byte[] output, byte[] scalar, byte[] point)
        {
            NativeCallStats.Count();
            return usmp_abi_x25519(output, Len(output), scalar, Len(scalar), point, Len(point));
        }

        public static int ClientConsumeChallenge(byte[] frame, int payloadOffset, int payloadLength, byte[] privateKey, byte[] pubC, byte[] deviceId, byte[] psk, byte[] nonce, byte[] pubS, byte[] keys, byte[] hmacClient)
        {
            NativeCallStats.Count();
            return usmp_abi_client_consume_challenge(frame, Len(frame), payloadOffset, payloadLength, privateKey, Len(privateKey), pubC, Len(pubC), deviceId, Len(deviceId), psk, Len(psk), nonce, Len(nonce), pubS, Len(pubS), keys, Len(keys), hmacClient, Len(hmacClient));
        }

        public static int ClientConsumeSessionOk(byte[] frame, int payloadOffset, int payloadLength, byte[] psk, byte[] nonce, byte[] pubC, byte[] pubS, byte[] sessionId)
        {
            NativeCallStats.Count();
            return usmp_abi_client_consume_session_ok(frame, Len(frame), payloadOffset, payloadLength, psk, Len(psk), nonce, Len(nonce), pubC, Len(pubC), pubS, Len(pubS), sessionId, Len(sessionId));
        }

        public static int ParseHelloRetry(byte[] frame, int payloadOffset, int payloadLength, byte[] cookie)
        {
            NativeCallStats.Count();
            return usmp_abi_parse_hello_retry(frame, Len(frame), payloadOffset, payloadLength, cookie, Len(cookie));
        }

        public static int SealFrame(byte[] output, int outputOffset, int type, int seq, byte[] key, byte[] sessionId, byte[] plaintext, int plaintextOffset, int plaintextLength, byte[] utack)
        {
            NativeCallStats.Count();
            return usmp_abi_seal_frame(output, Len(output), outputOffset, type, seq, key, Len(key), sessionId, Len(sessionId), plaintext, Len(plaintext), plaintextOffset, plaintextLength, utack, Len(utack));
        }

        public static int OpenFrame(byte[] plaintext, int plaintextOffset, byte[] frame, int frameOffset, int frameLength, byte[] key, byte[] sessionId, byte[] utack)
        {
            NativeCallStats.Count();
            return usmp_abi_open_frame(plaintext, Len(plaintext), plaintextOffset, frame, Len(frame), frameOffset, frameLength, key, Len(key), sessionId, Len(sessionId), utack, Len(utack));
        }

        public static int UtackMac(byte[] utack, int offset, byte[] key)
        {
            NativeCallStats.Count();
            return usmp_abi_utack_mac(utack, Len(utack), offset, key, Len(key));
        }

        public static int UtackVerify(byte[] utack, int offset, byte[] key)
        {
            NativeCallStats.Count();
            return usmp_abi_utack_verify(utack, Len(utack), offset, key, Len(key));
        }

        public static int RekeyDerive(byte[] first, byte[] second, byte[] initiatorTx, byte[] initiatorRx, byte[] salt, byte[] sessionId)
        {
            NativeCallStats.Count();
            return usmp_abi_rekey_derive(first, Len(first), second, Len(second), initiatorTx, Len(initiatorTx), initiatorRx, Len(initiatorRx), salt, Len(salt), sessionId, Len(sessionId));
        }

        public static int Crc16(byte[] data, int offset, int count)
        {
            NativeCallStats.Count();
            return usmp_abi_crc16(data, Len(data), offset, count);
        }

        // Touching this runs the static constructor, which installs the resolver for every P/Invoke
        // of this assembly (ServerNative's too).
        internal static void EnsureResolver()
        {
        }

        // ---- library resolution ----

        private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        {
            if (libraryName != Lib)
            {
                return IntPtr.Zero;
            }
            string path = FindLibrary(Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory);
            if (path == null)
            {
                throw new DllNotFoundException(
                    "libusmp_native not found (looked at $" + EnvironmentVariable + ", " + AppContext.BaseDirectory +
                    " and native-interop/build/ above it). Build the native library from the repository root: " + BuildHint);
            }
            return NativeLibrary.Load(path);
        }

        // The candidates, in order: $USMP_NATIVE_LIB (a file, or a folder holding the library),
        // the app base folder, then native-interop/build/ in the base folder or any folder above it.
        internal static string FindLibrary(string environmentValue, string baseDirectory)
        {
            string file = PlatformFileName();
            if (!string.IsNullOrEmpty(environmentValue))
            {
                if (File.Exists(environmentValue))
                {
                    return Path.GetFullPath(environmentValue);
                }
                string inFolder = Path.Combine(environmentValue, file);
                if (File.Exists(inFolder))
                {
                    return Path.GetFullPath(inFolder);
                }
            }
            if (string.IsNullOrEmpty(baseDirectory))
            {
                return null;
            }
            string local = Path.Combine(baseDirectory, file);
            if (File.Exists(local))
            {
                return Path.GetFullPath(local);
            }
            for (DirectoryInfo dir = new DirectoryInfo(baseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "native-interop", "build", file);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            return null;
        }

        internal static string PlatformFileName()
        {
            if (OperatingSystem.IsWindows())
            {
                return "usmp_native.dll";
            }
            return OperatingSystem.IsMacOS() ? "libusmp_native.dylib" : "libusmp_native.so";
        }

        internal static int Len(byte[] array)
        {
            return array == null ? 0 : array.Length;
        }

        // ---- usmp_abi.h, one entry point per method above, same order ----

        [DllImport(Lib, EntryPoint = "usmp_abi_fill_random")]
        private static extern int usmp_abi_fill_random([In, Out] byte[] buffer, int bufferLen, int offset, int count);

        [DllImport(Lib, EntryPoint = "usmp_abi_x25519")]
        private static extern int usmp_abi_x25519([In, Out] byte[] output, int outputLen, [In, Out] byte[] scalar, int scalarLen, [In, Out] byte[] point, int pointLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_client_consume_challenge")]
        private static extern int usmp_abi_client_consume_challenge([In, Out] byte[] frame, int frameLen, int payloadOffset, int payloadLength, [In, Out] byte[] privateKey, int privateKeyLen, [In, Out] byte[] pubC, int pubCLen, [In, Out] byte[] deviceId, int deviceIdLen, [In, Out] byte[] psk, int pskLen, [In, Out] byte[] nonce, int nonceLen, [In, Out] byte[] pubS, int pubSLen, [In, Out] byte[] keys, int keysLen, [In, Out] byte[] hmacClient, int hmacClientLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_client_consume_session_ok")]
        private static extern int usmp_abi_client_consume_session_ok([In, Out] byte[] frame, int frameLen, int payloadOffset, int payloadLength, [In, Out] byte[] psk, int pskLen, [In, Out] byte[] nonce, int nonceLen, [In, Out] byte[] pubC, int pubCLen, [In, Out] byte[] pubS, int pubSLen, [In, Out] byte[] sessionId, int sessionIdLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_parse_hello_retry")]
        private static extern int usmp_abi_parse_hello_retry([In, Out] byte[] frame, int frameLen, int payloadOffset, int payloadLength, [In, Out] byte[] cookie, int cookieLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_seal_frame")]
        private static extern int usmp_abi_seal_frame([In, Out] byte[] output, int outputLen, int outputOffset, int type, int seq, [In, Out] byte[] key, int keyLen, [In, Out] byte[] sessionId, int sessionIdLen, [In, Out] byte[] plaintext, int plaintextLen, int plaintextOffset, int plaintextLength, [In, Out] byte[] utack, int utackLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_open_frame")]
        private static extern int usmp_abi_open_frame([In, Out] byte[] plaintext, int plaintextLen, int plaintextOffset, byte[] frame, int frameLen, int frameOffset, int frameLength, byte[] key, int keyLen, byte[] sessionId, int sessionIdLen, [In, Out] byte[] utack, int utackLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_utack_mac")]
        private static extern int usmp_abi_utack_mac([In, Out] byte[] utack, int utackLen, int offset, [In, Out] byte[] key, int keyLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_utack_verify")]
        private static extern int usmp_abi_utack_verify([In, Out] byte[] utack, int utackLen, int offset, [In, Out] byte[] key, int keyLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_rekey_derive")]
        private static extern int usmp_abi_rekey_derive([In, Out] byte[] first, int firstLen, [In, Out] byte[] second, int secondLen, [In, Out] byte[] initiatorTx, int initiatorTxLen, [In, Out] byte[] initiatorRx, int initiatorRxLen, [In, Out] byte[] salt, int saltLen, [In, Out] byte[] sessionId, int sessionIdLen);

        [DllImport(Lib, EntryPoint = "usmp_abi_crc16")]
        private static extern int usmp_abi_crc16([In, Out] byte[] data, int dataLen, int offset, int count);

    }
}
#endif
