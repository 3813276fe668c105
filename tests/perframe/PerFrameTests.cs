// Issue 12: the host's "0 B allocated per frame" cannot see nanoCLR's ldstr allocations (every
// executed ldstr makes a new string there), so this test walks the per-frame path statically
// (PerFrameAnalyzer from PerFrameRoots) and fails on any allocating instruction outside cold code
// that allowlist.txt does not list, and on allow-list lines that no longer match anything (the
// list only shrinks: delete them). Target: an empty allow-list.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Usmp.Bench.Instruments;
using Xunit;
using Xunit.Abstractions;

namespace Usmp.PerFrame.Tests
{
    public class PerFrameTests
    {
        private readonly ITestOutputHelper _output;

        public PerFrameTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Every_root_exists_in_the_library()
        {
            PerFrameAnalyzer analyzer = PerFrameAnalyzer.ForLibrary(typeof(Usmp.UsmpClient).Assembly.Location);
            foreach (string root in PerFrameRoots.Client)
            {
                analyzer.Analyze(new[] { root });   // throws when the root is gone
            }
        }

        [Fact]
        public void Nothing_on_the_per_frame_path_allocates_beyond_the_allow_list()
        {
            List<Violation> violations = PerFrameAnalyzer.ForLibrary(typeof(Usmp.UsmpClient).Assembly.Location).Analyze(PerFrameRoots.Client);
            HashSet<string> allowed = ReadAllowList(Path.Combine(AppContext.BaseDirectory, "allowlist.txt"));
            List<Violation> fresh = violations.Where(v => !allowed.Contains(v.Key)).ToList();
            HashSet<string> found = new HashSet<string>(violations.Select(v => v.Key));
            List<string> stale = allowed.Where(a => !found.Contains(a)).OrderBy(a => a, StringComparer.Ordinal).ToList();
            _output.WriteLine(violations.Count + " allocating instructions on the per-frame path, " + allowed.Count + " allowed, "
                + fresh.Count + " new, " + stale.Count + " stale allow-list lines");

            StringBuilder message = new StringBuilder();
            if (fresh.Count > 0)
            {
                message.AppendLine(fresh.Count + " NEW allocating instruction(s) reachable from the per-frame roots (move the literal to a Throw* / [ColdPath] method or a throw path, or remove it):");
                foreach (Violation v in fresh)
                {
                    message.AppendLine("  " + v);
                }
            }
            if (stale.Count > 0)
            {
                message.AppendLine(stale.Count + " allow-list line(s) in tests/perframe/allowlist.txt match nothing any more: delete them:");
                foreach (string line in stale)
                {
                    message.AppendLine("  " + line);
                }
            }
            if (message.Length > 0)
            {
                message.AppendLine("The current list, for allowlist.txt after a rename (never to bless a new literal):");
                foreach (string key in violations.Select(v => v.Key).OrderBy(k => k, StringComparer.Ordinal))
                {
                    message.AppendLine(key);
                }
            }
            Assert.True(message.Length == 0, message.ToString());
        }

        private static HashSet<string> ReadAllowList(string path)
        {
            return new HashSet<string>(File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal)));
        }
    }
}
