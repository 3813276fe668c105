// ReconnectBackoff: capped exponential backoff with equal jitter, deterministic under an
// injected random source.
using System;
using nanoFramework.TestFramework;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class ReconnectBackoffTests
    {
        [TestMethod]
        public void Zero_random_gives_the_lower_bounds_doubling_to_the_cap()
        {
            ReconnectBackoff backoff = new ReconnectBackoff(500, 8000, new FixedRandomSource(new byte[] { 0 }));
            int[] expected = new int[] { 250, 500, 1000, 2000, 4000, 4000, 4000 };
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], backoff.NextDelayMs(), "attempt " + i.ToString());
            }
            Assert.AreEqual(7, backoff.Attempts);
        }

        [TestMethod]
        public void Max_random_gives_the_upper_bounds_doubling_to_the_cap()
        {
            // 0xFFFFFFFF % (span + 1) for span = ceiling/2: 4294967295 % 251 = 46 etc. is NOT the
            // upper bound, so check against the formula instead: floor + value % (span + 1).
            ReconnectBackoff backoff = new ReconnectBackoff(500, 8000, new FixedRandomSource(new byte[] { 0xFF }));
            int[] ceilings = new int[] { 500, 1000, 2000, 4000, 8000, 8000 };
            for (int i = 0; i < ceilings.Length; i++)
            {
                int floor = ceilings[i] / 2;
                int expected = floor + (int)(0xFFFFFFFFu % (uint)(ceilings[i] - floor + 1));
                Assert.AreEqual(ceilings[i], backoff.CeilingMs);
                Assert.AreEqual(expected, backoff.NextDelayMs(), "attempt " + i.ToString());
            }
        }

        [TestMethod]
        public void Delays_stay_within_jitter_bounds_and_the_cap()
        {
            byte[] pattern = new byte[64];
            TestPrng prng = new TestPrng(42);
            for (int i = 0; i < pattern.Length; i++)
            {
                pattern[i] = (byte)prng.Next();
            }
            ReconnectBackoff backoff = new ReconnectBackoff(100, 30000, new FixedRandomSource(pattern));
            bool sawJitter = false;
            for (int i = 0; i < 40; i++)
            {
                int ceiling = backoff.CeilingMs;
                int delay = backoff.NextDelayMs();
                Assert.IsTrue(delay >= ceiling / 2 && delay <= ceiling, "attempt " + i.ToString() + " delay " + delay.ToString());
                Assert.IsTrue(ceiling <= 30000);
                sawJitter |= delay != ceiling / 2;
            }
            Assert.IsTrue(sawJitter, "a random source varies the delay");
        }

        [TestMethod]
        public void Same_source_same_sequence()
        {
            byte[] pattern = new byte[] { 3, 141, 59, 26, 5, 35, 89, 79, 32, 38, 46, 26 };
            ReconnectBackoff a = new ReconnectBackoff(200, 10000, new FixedRandomSource(pattern));
            ReconnectBackoff b = new ReconnectBackoff(200, 10000, new FixedRandomSource(pattern));
            for (int i = 0; i < 12; i++)
            {
                Assert.AreEqual(a.NextDelayMs(), b.NextDelayMs());
            }
        }

        [TestMethod]
        public void Reset_starts_over()
        {
            ReconnectBackoff backoff = new ReconnectBackoff(500, 8000, new FixedRandomSource(new byte[] { 0 }));
            backoff.NextDelayMs();
            backoff.NextDelayMs();
            backoff.Reset();
            Assert.AreEqual(0, backoff.Attempts);
            Assert.AreEqual(250, backoff.NextDelayMs());
        }

        [TestMethod]
        public void Bad_arguments_are_rejected()
        {
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new ReconnectBackoff(0, 100, new FixedRandomSource(new byte[] { 0 })));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new ReconnectBackoff(100, 50, new FixedRandomSource(new byte[] { 0 })));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new ReconnectBackoff(100, 500, null));
        }
    }
}
