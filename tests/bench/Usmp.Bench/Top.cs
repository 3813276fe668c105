// `--top N`: for each transport and direction measured in the counting run, the N methods of
// Usmp.dll called most per frame, the N BCL / native methods called most per frame, and the N
// Array.Copy / Buffer.BlockCopy sites that moved the most bytes per frame, and the string literals
// loaded per frame (where each was loaded).
using System;
using System.Collections.Generic;
using System.Linq;
using Usmp.Bench.Instruments;

namespace Usmp.Bench
{
    internal static class Top
    {
        private static readonly List<KeyValuePair<string, Figures>> s_figures = new List<KeyValuePair<string, Figures>>();

        public static void Add(string label, Figures figures)
        {
            if (Bench.Counting)
            {
                s_figures.Add(new KeyValuePair<string, Figures>(label, figures));
            }
        }

        public static void Print(int count)
        {
            foreach (KeyValuePair<string, Figures> entry in s_figures)
            {
                Figures f = entry.Value;
                Console.WriteLine("top " + count + " per frame, " + entry.Key + ":");
                Print(f.MethodCalls, Probe.MethodNames, f.Frames, count, "managed");
                Print(f.ExternalCalls, Probe.ExternalNames, f.Frames, count, "BCL/nat");
                Print(f.CopySiteBytes, Probe.CopySiteNames, f.Frames, count, "B copy");
                Print(f.LdstrSiteCounts, Probe.LdstrSiteNames, f.Frames, count, "ldstr");
            }
        }

        private static void Print(long[] calls, string[] names, int frames, int count, string kind)
        {
            IEnumerable<int> ids = Enumerable.Range(0, calls.Length).Where(i => calls[i] > 0).OrderByDescending(i => calls[i]).ThenBy(i => names[i], StringComparer.Ordinal).Take(count);
            foreach (int id in ids)
            {
                Console.WriteLine("  " + ((double)calls[id] / frames).ToString("F2").PadLeft(7) + "  " + kind.PadRight(7) + " " + names[id]);
            }
        }
    }
}
