// Rto: the Jacobson/Karn figures of spec usmp-v2.md §8 ("srtt 0.2 s, rttvar 0.1 s, initial RTO
// 0.5 s, RTO = clamp(srtt + 4 rttvar, 0.1, 5)", attempt waits clamp(RTO * 2^n, 50 ms, 5 s)).
// Expected values worked by hand from the RFC 6298 update rule, in microseconds.
using nanoFramework.TestFramework;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class RtoTests
    {
        [TestMethod]
        public void Usmp_s8_initial_figures()
        {
            Rto rto = new Rto();
            Assert.AreEqual(200000L, rto.SrttMicros);
            Assert.AreEqual(100000L, rto.RttvarMicros);
            Assert.AreEqual(500000L, rto.RtoMicros);
            Assert.AreEqual(500, rto.AttemptWaitMillis(0));
            Assert.AreEqual(1000, rto.AttemptWaitMillis(1));
            Assert.AreEqual(2000, rto.AttemptWaitMillis(2));
            Assert.AreEqual(4000, rto.AttemptWaitMillis(3));
            Assert.AreEqual(5000, rto.AttemptWaitMillis(4), "capped at 5 s");
        }

        [TestMethod]
        public void Usmp_s8_one_sample_of_100ms()
        {
            // rttvar = 3/4 * 0.1 + 1/4 * |0.2 - 0.1| = 0.1; srtt = 7/8 * 0.2 + 1/8 * 0.1 = 0.1875
            Rto rto = new Rto();
            rto.Sample(100000);
            Assert.AreEqual(100000L, rto.RttvarMicros);
            Assert.AreEqual(187500L, rto.SrttMicros);
            Assert.AreEqual(587500L, rto.RtoMicros);
            Assert.AreEqual(588, rto.AttemptWaitMillis(0), "rounded up to whole ms");
        }

        [TestMethod]
        public void Usmp_s8_samples_300_then_20ms()
        {
            Rto rto = new Rto();
            // r = 0.3: rttvar = 0.075 + 0.025 = 0.1; srtt = 0.175 + 0.0375 = 0.2125
            rto.Sample(300000);
            Assert.AreEqual(100000L, rto.RttvarMicros);
            Assert.AreEqual(212500L, rto.SrttMicros);
            Assert.AreEqual(612500L, rto.RtoMicros);
            // r = 0.02: rttvar = 0.075 + |0.2125 - 0.02| / 4 = 0.123125; srtt = 0.1859375 + 0.0025 = 0.1884375
            rto.Sample(20000);
            Assert.AreEqual(123125L, rto.RttvarMicros);
            Assert.AreEqual(188437L, rto.SrttMicros, "7/8 of 212500 + 2500, truncated");
            Assert.AreEqual(188437L + 4 * 123125L, rto.RtoMicros);
        }

        [TestMethod]
        public void Usmp_s8_fast_link_clamps_to_100ms_and_waits_clamp_to_50ms_floor_only_below()
        {
            Rto rto = new Rto();
            for (int i = 0; i < 100; i++)
            {
                rto.Sample(0);
            }
            Assert.AreEqual(100000L, rto.RtoMicros, "RTO floor 0.1 s");
            Assert.AreEqual(100, rto.AttemptWaitMillis(0));
            Assert.AreEqual(1600, rto.AttemptWaitMillis(4));
        }

        [TestMethod]
        public void Usmp_s8_slow_link_clamps_to_5s()
        {
            Rto rto = new Rto();
            for (int i = 0; i < 20; i++)
            {
                rto.Sample(9000000);
            }
            Assert.AreEqual(5000000L, rto.RtoMicros, "RTO ceiling 5 s");
            Assert.AreEqual(5000, rto.AttemptWaitMillis(0));
            Assert.AreEqual(5000, rto.AttemptWaitMillis(4));
        }

        [TestMethod]
        public void Reset_restores_the_initial_figures()
        {
            Rto rto = new Rto();
            rto.Sample(1000);
            rto.Reset();
            Assert.AreEqual(500000L, rto.RtoMicros);
            Assert.AreEqual(200000L, rto.SrttMicros);
        }
    }
}
