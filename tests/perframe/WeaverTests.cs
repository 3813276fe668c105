// The weaver counts exactly: weaves a copy of this test assembly, loads it in its own
// AssemblyLoadContext (Probe stays shared) and runs WeaveFixtures.Counted with the probe on.
using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Usmp.Bench.Instruments;
using Xunit;

namespace Usmp.PerFrame.Tests
{
    public class WeaverTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "usmp-weaver-test-" + Guid.NewGuid().ToString("N"));
        private readonly Type _counted;

        public WeaverTests()
        {
            string woven = new Weaver().Weave(typeof(WeaverTests).Assembly.Location, _dir);
            AssemblyLoadContext context = new AssemblyLoadContext("woven-fixtures", true);
            _counted = context.LoadFromAssemblyPath(woven).GetType("Usmp.PerFrame.Tests.WeaveFixtures.Counted");
        }

        public void Dispose()
        {
            Directory.Delete(_dir, true);
        }

        private object Run(string method, params object[] args)
        {
            MethodInfo info = _counted.GetMethod(method);
            Probe.Reset();
            Probe.On();
            try
            {
                return info.Invoke(null, args);
            }
            finally
            {
                Probe.Off();
            }
        }

        [Fact]
        public void Counts_bytes_of_a_copy_whose_length_argument_is_reached_by_a_branch()
        {
            byte[] source = { 7, 1, 2, 3, 4, 5, 6, 7 };
            Assert.Equal(7, Run("CopyEither", source, new byte[8], true));
            Assert.Equal(8, Probe.BytesCopied);
            Assert.Equal(1, Probe.CopyCalls);
            Assert.Equal(1, Probe.ManagedCalls);
            Assert.Equal(1, Probe.BclCalls);
            Run("CopyEither", source, new byte[8], false);
            Assert.Equal(4, Probe.BytesCopied);
        }

        [Fact]
        public void Counts_int_arrays_in_bytes_inside_a_try_block()
        {
            Assert.Equal(3, Run("IntsGuarded", new[] { 1, 2, 3 }, new int[3]));
            Assert.Equal(12, Probe.BytesCopied);
        }

        [Fact]
        public void A_loop_back_to_the_first_instruction_is_one_call()
        {
            Assert.Equal(0, Run("CountDown", 5));
            Assert.Equal(1, Probe.ManagedCalls);
        }

        [Fact]
        public void Counts_calls_into_our_methods_and_each_literal_loaded()
        {
            Assert.Equal(6, Run("Outer", 1));   // Inner(1) + Inner(2)
            Assert.Equal(3, Probe.ManagedCalls);
            Assert.Equal("yes", Run("Literal", true));
            Assert.Equal(1, Probe.Ldstr);
            Assert.Equal("no", Run("Literal", false));
            Assert.Equal(1, Probe.Ldstr);
        }

        [Fact]
        public void Counts_bytes_moved_by_a_managed_loop()
        {
            byte[] destination = new byte[6];
            Run("ByteLoop", new byte[] { 1, 2, 3, 4, 5, 6 }, destination);
            Assert.Equal(6, Probe.ManagedByteMoves);
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, destination);
        }

        [Fact]
        public void A_constrained_call_stays_valid_and_counts_as_a_BCL_call()
        {
            MethodInfo name = _counted.GetMethod("Name").MakeGenericMethod(typeof(int));
            Probe.Reset();
            Probe.On();
            object result = name.Invoke(null, new object[] { 42 });
            Probe.Off();
            Assert.Equal("42", result);
            Assert.Equal(1, Probe.BclCalls);
        }
    }
}
