// Per-frame figures of one transport and direction. A Window brackets ONE client call (a frame):
// it snapshots the thread's allocated bytes, NativeCallStats and, when the woven Usmp.dll is
// loaded, the Probe counters, and switches the probe on for this thread only.
using System;
using Usmp.Bench.Instruments;
using Usmp.Native;

namespace Usmp.Bench
{
    internal struct Window
    {
        public long Bytes, Native, Managed, Bcl, Copied, Copies, Moves, Ldstr;

        // The plain run reads NativeCallStats (every thread); the counting run the probe's count,
        // which is this thread's only (the UDP peer runs on another thread).
        public static long NativeCalls { get { return Bench.Counting ? Probe.NativeCalls : NativeCallStats.Calls; } }

        public static Window Open()
        {
            Probe.ClearPerMethod();
            Window w = new Window
            {
                Managed = Probe.ManagedCalls,
                Bcl = Probe.BclCalls,
                Copied = Probe.BytesCopied,
                Copies = Probe.CopyCalls,
                Moves = Probe.ManagedByteMoves,
                Ldstr = Probe.Ldstr,
                Native = NativeCalls,
            };
            w.Bytes = GC.GetAllocatedBytesForCurrentThread();
            Probe.On();
            return w;
        }
    }

    internal sealed class Figures
    {
        private readonly Range _bytes = new Range(), _native = new Range(), _managed = new Range(), _bcl = new Range(),
            _copied = new Range(), _copies = new Range(), _moves = new Range(), _ldstr = new Range();
        private int _frames;

        // Per method of Usmp.dll (and per BCL method), the calls made inside this figure's windows.
        public long[] MethodCalls;
        public long[] ExternalCalls;
        public long[] CopySiteBytes;
        public long[] LdstrSiteCounts;

        public Figures()
        {
            MethodCalls = new long[Probe.MethodCalls.Length];
            ExternalCalls = new long[Probe.ExternalCalls.Length];
            CopySiteBytes = new long[Probe.CopySiteBytes.Length];
            LdstrSiteCounts = new long[Probe.LdstrSiteCounts.Length];
        }

        public int Frames { get { return _frames; } }

        // Ends the window `start` opened; `keep` false drops the sample (warm-up) after reading.
        public void Close(Window start, bool keep = true)
        {
            Probe.Off();
            long bytes = GC.GetAllocatedBytesForCurrentThread() - start.Bytes;
            if (!keep)
            {
                return;
            }
            _frames++;
            _bytes.Add(bytes);
            _native.Add(Window.NativeCalls - start.Native);
            _managed.Add(Probe.ManagedCalls - start.Managed);
            _bcl.Add(Probe.BclCalls - start.Bcl);
            _copied.Add(Probe.BytesCopied - start.Copied);
            _copies.Add(Probe.CopyCalls - start.Copies);
            _moves.Add(Probe.ManagedByteMoves - start.Moves);
            _ldstr.Add(Probe.Ldstr - start.Ldstr);
            Accumulate(MethodCalls, Probe.MethodCalls);
            Accumulate(ExternalCalls, Probe.ExternalCalls);
            Accumulate(CopySiteBytes, Probe.CopySiteBytes);
            Accumulate(LdstrSiteCounts, Probe.LdstrSiteCounts);
        }

        // The historical line: bytes allocated and native calls (all the plain build can see).
        public string Report()
        {
            return _bytes.Mean(_frames) + " B allocated/frame (max " + _bytes.Max + "), "
                + _native.Mean(_frames) + " native calls/frame (min " + _native.Min + ", max " + _native.Max + ")";
        }

        // The woven build's figures.
        public string ReportCounts()
        {
            return _managed.Mean(_frames) + " managed calls (min " + _managed.Min + ", max " + _managed.Max + "), "
                + _bcl.Mean(_frames) + " BCL calls, "
                + _copied.Mean(_frames) + " B copied in " + _copies.Mean(_frames) + " Array.Copy/BlockCopy (max " + _copied.Max + " B), "
                + _moves.Mean(_frames) + " bytes moved by managed loops, "
                + _ldstr.Mean(_frames) + " ldstr";
        }

        public long TotalLdstr { get { return _ldstr.Sum; } }

        private static void Accumulate(long[] into, long[] counts)
        {
            for (int i = 0; i < into.Length && i < counts.Length; i++)
            {
                into[i] += counts[i];
            }
        }

        private sealed class Range
        {
            public long Sum, Max, Min = long.MaxValue;

            public void Add(long value)
            {
                Sum += value;
                Max = Math.Max(Max, value);
                Min = Math.Min(Min, value);
            }

            public string Mean(int frames)
            {
                return (frames == 0 ? 0.0 : (double)Sum / frames).ToString("F2");
            }
        }
    }
}
