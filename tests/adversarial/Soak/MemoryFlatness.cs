// "Memory stays flat", proven: samples at fixed points of PROGRESS (every 10% of the messages a
// gateway lifetime carries: before the kill -9, and again after the restart), never at points of
// time, of
//   - the gateway's resident set (VmRSS of the child process, kB), and
//   - the soak process's live managed heap after a full compacting collection: the firmware
//     UsmpClient of every device, and the proxy (which keeps no packet history here).
// A lifetime's range starts once every device has its session (Program.cs holds all devices at a
// start barrier and, after the restart, at a rejoin barrier), so all 100,000 messages of a long
// run's lifetime are sampled with all 200 sessions live, and set-up is not mistaken for traffic.
// Verdict per lifetime and series: with the samples in progress order, the maximum of the LAST
// third may exceed the maximum of the FIRST third by at most the bound. Comparing maxima of
// thirds (not first vs last sample) makes one GC step or sawtooth tooth harmless.
// Bounds (justified with the long run, 200 devices x 1000 messages, 100,000 per lifetime):
//   gateway RSS  12 MiB. A leak of L bytes per message grows RSS by >= 50,000 x L between any
//                first-third sample (<= 30%) and any last-third one (>= 80%), usually 70,000 x L
//                (30% -> 100%): L = 300 B gives 15-21 MB > 12.6 MB, a fail. Healthy long runs
//                grew 0.5-4.8 MB (one ~4 MB step of the gateway's GC near mid-lifetime, flat after).
//   soak heap     2 MiB. Same arithmetic: L >= 45 B per message fails. Healthy: -0.3..+0.1 MB.
// A run too small to have three samples per lifetime fails (nothing proven is not a pass).
using System.Globalization;

namespace Usmp.Soak;

public sealed record MemorySample(int Lifetime, int Percent, long Echoed, long RssKb, long HeapBytes);

public sealed class MemoryFlatness
{
    public const long RssBoundKb = 12 * 1024;
    public const long HeapBoundBytes = 2L * 1024 * 1024;
    private const int Points = 10;

    private readonly List<MemorySample> _samples = new();
    private readonly long[] _start = new long[3], _end = new long[3];
    private readonly int[] _next = { 0, 1, 1 };

    /// <summary>A lifetime's sampled range: from the echo count at which every device has its session
    /// (first connect, or reconnect after the restart: the reconnect storm and the proxy's new flows
    /// are set-up, not traffic) to the echo count at which it ends (the kill barrier, or the end).</summary>
    public void Begin(int lifetime, long startEchoes, long endEchoes)
    {
        if (_end[lifetime] > 0) return;
        _start[lifetime] = startEchoes;
        _end[lifetime] = Math.Max(endEchoes, startEchoes + 1);
    }

    public bool Begun(int lifetime) => _end[lifetime] > 0;

    public IReadOnlyList<MemorySample> Samples => _samples;

    /// <summary>Takes every sample whose progress point has been reached (called from the monitor loop).</summary>
    public void Poll(int lifetime, long echoed, Func<long> rssKb, bool final = false)
    {
        if (lifetime is < 1 or > 2 || !Begun(lifetime)) return;
        int reached = final ? Points : (int)Math.Min(Points, (echoed - _start[lifetime]) * Points / (_end[lifetime] - _start[lifetime]));
        if (reached < _next[lifetime]) return;
        // One sample for the furthest point reached (points skipped between polls are not invented).
        long rss = rssKb();
        long heap = LiveManagedHeapBytes();
        _samples.Add(new MemorySample(lifetime, reached * 100 / Points, echoed, rss, heap));
        _next[lifetime] = reached + 1;
    }

    /// <summary>Live managed bytes after a full blocking compacting collection: the heap size that
    /// collection left minus its free space. (GC.GetTotalMemory(false) after GC.Collect was tried
    /// first: on .NET 10 with ~200 busy threads it returned NEGATIVE totals, apparently subtracting
    /// the threads' unused allocation contexts, so it cannot be trusted here.)</summary>
    public static long LiveManagedHeapBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return info.HeapSizeBytes - info.FragmentedBytes;
    }

    public sealed record Verdict(string Series, int Lifetime, int Samples, long FirstThirdMax, long LastThirdMax, long Bound, string Unit)
    {
        public long Growth => LastThirdMax - FirstThirdMax;
        public bool Ok => Samples >= 3 && Growth <= Bound;
    }

    /// <summary>One verdict per series for each of the lifetimes 1..lifetimes (a lifetime never sampled fails).</summary>
    public List<Verdict> Judge(int lifetimes)
    {
        var verdicts = new List<Verdict>();
        foreach (int life in Enumerable.Range(1, lifetimes))
        {
            var s = _samples.Where(x => x.Lifetime == life && x.RssKb >= 0).ToList();
            verdicts.Add(Thirds("gateway_rss", life, s.Select(x => x.RssKb).ToList(), RssBoundKb, "kB"));
            var h = _samples.Where(x => x.Lifetime == life).ToList();
            verdicts.Add(Thirds("soak_heap", life, h.Select(x => x.HeapBytes).ToList(), HeapBoundBytes, "B"));
        }
        return verdicts;
    }

    private static Verdict Thirds(string series, int life, List<long> v, long bound, string unit)
    {
        if (v.Count < 3) return new Verdict(series, life, v.Count, 0, 0, bound, unit);
        int third = v.Count / 3;
        return new Verdict(series, life, v.Count, v.Take(third).Max(), v.Skip(v.Count - third).Max(), bound, unit);
    }

    public IEnumerable<string> Report(int lifetimes)
    {
        foreach (var s in _samples)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"soak: memory_sample lifetime={s.Lifetime} at={s.Percent}% echoed={s.Echoed} gateway_rss_kb={s.RssKb} soak_heap_bytes={s.HeapBytes}");
        foreach (var v in Judge(lifetimes))
            yield return string.Create(CultureInfo.InvariantCulture,
                $"soak: memory_flat series={v.Series} lifetime={v.Lifetime} samples={v.Samples} first_third_max={v.FirstThirdMax} last_third_max={v.LastThirdMax} growth={v.Growth} bound={v.Bound} unit={v.Unit} {(v.Ok ? "FLAT" : v.Samples < 3 ? "TOO_FEW_SAMPLES" : "GROWS")}");
    }
}
