// The counters a woven Usmp.dll calls (see Weaver). Counting is on only on a thread that called
// On() and until it calls Off(), so a peer running the same woven assembly on another thread (the
// bench's gateway) is not counted. Nothing here allocates: the arrays are sized once by the weaver.
// Not thread-safe across two measuring threads (the bench measures one thread at a time).
using System;
using System.Threading;

namespace Usmp.Bench.Instruments
{
    public static class Probe
    {
        [ThreadStatic] private static bool t_on;

        // Per id, filled by the weaver: names of our methods and of the BCL and native methods called from them.
        public static string[] MethodNames = new string[0];
        public static string[] ExternalNames = new string[0];
        public static long[] MethodCalls = new long[0];
        public static long[] ExternalCalls = new long[0];
        public static string[] CopySiteNames = new string[0];   // "Caller::Method(...) #n", n-th copy in that method
        public static long[] CopySiteBytes = new long[0];
        public static string[] LdstrSiteNames = new string[0];  // "Caller::Method(...): \"literal\""
        public static long[] LdstrSiteCounts = new long[0];

        public static long ManagedCalls;      // entries into methods of our assemblies (interpreted on nanoCLR)
        public static long NativeCalls;       // call sites into Usmp.Native.CryptoNative (InternalCall on the device), this thread only
        public static long BclCalls;          // call sites into the BCL (Array.Copy, Socket.Send, ...), native calls excluded
        public static long BytesCopied;       // bytes moved by Array.Copy / Buffer.BlockCopy
        public static long CopyCalls;         // how many such copies
        public static long ManagedByteMoves;  // dst[i] = src[j] executed in managed loops (ldelem.u1 then stelem.i1)
        public static long Ldstr;             // string literals loaded (each allocates a new string on nanoCLR)

        public static void Init(int methods, int externals, int copySites, int ldstrSites)
        {
            LdstrSiteCounts = new long[ldstrSites];
            MethodCalls = new long[methods];
            ExternalCalls = new long[externals];
            CopySiteBytes = new long[copySites];
        }

        public static void On() { t_on = true; }

        public static void Off() { t_on = false; }

        // The per-method tables only (the bench clears them when it opens a measuring window).
        public static void ClearPerMethod()
        {
            Array.Clear(MethodCalls, 0, MethodCalls.Length);
            Array.Clear(ExternalCalls, 0, ExternalCalls.Length);
            Array.Clear(CopySiteBytes, 0, CopySiteBytes.Length);
            Array.Clear(LdstrSiteCounts, 0, LdstrSiteCounts.Length);
        }

        public static void Reset()
        {
            Array.Clear(MethodCalls, 0, MethodCalls.Length);
            Array.Clear(ExternalCalls, 0, ExternalCalls.Length);
            Array.Clear(CopySiteBytes, 0, CopySiteBytes.Length);
            Array.Clear(LdstrSiteCounts, 0, LdstrSiteCounts.Length);
            ManagedCalls = NativeCalls = BclCalls = BytesCopied = CopyCalls = ManagedByteMoves = Ldstr = 0;
        }

        // ---- called by woven code ----

        public static void Enter(int method)
        {
            if (t_on)
            {
                ManagedCalls++;
                MethodCalls[method]++;
            }
        }

        public static void External(int target)
        {
            if (t_on)
            {
                BclCalls++;
                ExternalCalls[target]++;
            }
        }

        public static void Native(int target)
        {
            if (t_on)
            {
                NativeCalls++;
                ExternalCalls[target]++;
            }
        }

        public static void LoadedString(int site)
        {
            if (t_on)
            {
                Ldstr++;
                LdstrSiteCounts[site]++;
            }
        }

        public static void ByteMoved()
        {
            if (t_on)
            {
                ManagedByteMoves++;
            }
        }

        // Stand-ins for the BCL copies: the same arguments plus the copy site's id (the weaver
        // pushes it and redirects the call here).
        public static void ArrayCopy(Array source, int sourceIndex, Array destination, int destinationIndex, int length, int site)
        {
            CountCopy(site, destination, length);
            Array.Copy(source, sourceIndex, destination, destinationIndex, length);
        }

        public static void ArrayCopy(Array source, Array destination, int length, int site)
        {
            CountCopy(site, destination, length);
            Array.Copy(source, destination, length);
        }

        public static void BlockCopy(Array source, int sourceOffset, Array destination, int destinationOffset, int count, int site)
        {
            if (t_on)
            {
                CopyCalls++;
                BytesCopied += count;
                CopySiteBytes[site] += count;
            }
            Buffer.BlockCopy(source, sourceOffset, destination, destinationOffset, count);
        }

        private static void CountCopy(int site, Array destination, int length)
        {
            if (t_on && destination != null)
            {
                long bytes = (long)length * ElementSize(destination);
                CopyCalls++;
                BytesCopied += bytes;
                CopySiteBytes[site] += bytes;
            }
        }

        // Element sizes as on the 32-bit nanoCLR for the primitive arrays the library copies.
        private static int ElementSize(Array array)
        {
            if (array is byte[] || array is sbyte[] || array is bool[]) return 1;
            if (array is short[] || array is ushort[] || array is char[]) return 2;
            if (array is long[] || array is ulong[] || array is double[]) return 8;
            return 4; // int, uint, float, references (32-bit pointers on the ESP32)
        }
    }
}
