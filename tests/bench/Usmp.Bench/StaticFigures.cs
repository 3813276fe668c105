// The static analyzer's figure for the report: allocating instructions reachable from the
// per-frame roots (PerFrameRoots) outside cold code. The host's "0 B allocated" cannot see
// nanoCLR's ldstr allocations; this count can. tests/perframe fails on any not in its allow-list.
using System;
using System.Collections.Generic;
using System.Linq;
using Usmp.Bench.Instruments;

namespace Usmp.Bench
{
    internal static class StaticFigures
    {
        public static void Print(string usmpDll, bool list)
        {
            List<Violation> violations = PerFrameAnalyzer.ForLibrary(usmpDll).Analyze(PerFrameRoots.Client);
            Console.WriteLine();
            Console.WriteLine("static analyzer (tests/perframe): " + violations.Count + " allocating instructions reachable from the "
                + PerFrameRoots.Client.Length + " per-frame roots outside cold code, in " + violations.Select(v => v.Method).Distinct().Count() + " methods: "
                + string.Join(", ", violations.GroupBy(v => v.What.Split(' ')[0]).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Count() + " " + g.Key))
                + "   (target: 0; each ldstr is a new string per pass on nanoCLR)");
            if (list)
            {
                foreach (Violation violation in violations)
                {
                    Console.WriteLine("  " + violation);
                }
            }
        }
    }
}
