// The analyzer finds what it must (a literal reachable from a root, nameof, box through an
// interface call, newarr, ToString) and skips what is cold (throw paths, Throw* methods,
// [ColdPath] methods, catch blocks) or unreachable. Runs on this test assembly's Fixtures.
using System;
using System.Collections.Generic;
using System.Linq;
using Usmp.Bench.Instruments;
using Xunit;

namespace Usmp.PerFrame.Tests
{
    public class AnalyzerSelfTests
    {
        private const string Root = "Usmp.PerFrame.Tests.Fixtures.HotPath::Send(Byte[])";

        private static List<Violation> Analyze()
        {
            PerFrameAnalyzer analyzer = new PerFrameAnalyzer(new[] { typeof(AnalyzerSelfTests).Assembly.Location }, new string[0]);
            return analyzer.Analyze(new[] { Root });
        }

        [Fact]
        public void Fails_on_a_reachable_literal_and_names_the_path()
        {
            Violation literal = Analyze().Single(v => v.What == "ldstr \"plaintext\"");
            Assert.Equal("Usmp.PerFrame.Tests.Fixtures.Helper::Log(Int32): ldstr \"plaintext\"", literal.Key);
            Assert.Equal(new[] { Root, "Usmp.PerFrame.Tests.Fixtures.Helper::Log(Int32)" }, literal.Path);
        }

        [Fact]
        public void Finds_nameof_box_through_an_interface_newarr_and_ToString()
        {
            HashSet<string> keys = new HashSet<string>(Analyze().Select(v => v.Key));
            Assert.Contains("Usmp.PerFrame.Tests.Fixtures.Helper::Log(Int32): ldstr \"Log\"", keys);
            Assert.Contains("Usmp.PerFrame.Tests.Fixtures.Helper::Log(Int32): call System.Int32::ToString()", keys);
            Assert.Contains("Usmp.PerFrame.Tests.Fixtures.Helper::Log(Int32): newarr System.Byte", keys);
            Assert.Contains("Usmp.PerFrame.Tests.Fixtures.BoxingSink::Put(Int32): box System.Int32", keys);
        }

        [Fact]
        public void Skips_cold_code_and_unreachable_methods()
        {
            string all = string.Join("\n", Analyze().Select(v => v.Key));
            Assert.DoesNotContain("\"data\"", all);               // behind a throw
            Assert.DoesNotContain("ArgumentNullException", all);   // the newobj behind the throw
            Assert.DoesNotContain("too long", all);                // Throw* method
            Assert.DoesNotContain("marked cold", all);             // [ColdPath]
            Assert.DoesNotContain("in a catch block", all);        // catch block
            Assert.DoesNotContain("unreachable", all);             // not reached from the root
        }

        [Fact]
        public void Fixtures_violations_are_exactly_the_planted_ones()
        {
            // The constructor's newobj is not on the path (Send is an instance method; the root is Send only).
            Assert.Equal(5, Analyze().Count);
        }

        [Fact]
        public void A_missing_root_is_an_error_not_an_empty_walk()
        {
            PerFrameAnalyzer analyzer = new PerFrameAnalyzer(new[] { typeof(AnalyzerSelfTests).Assembly.Location }, new string[0]);
            Assert.Throws<ArgumentException>(() => analyzer.Analyze(new[] { "Usmp.PerFrame.Tests.Fixtures.HotPath::Gone()" }));
        }
    }
}
