// ReplayWindow (firmware/Usmp/Protocol/ReplayWindow.cs), spec §6, against a plain model (a
// "seen" flag per seq and the highest seq) over many generated sequences, plus the numbered
// cases of craft habit 11. The PRNG is TestPrng (xorshift32) so runs are repeatable.
using nanoFramework.TestFramework;
using Usmp;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class ReplayWindowTests
    {
        private const int Range = 600;

        // The plain model: fresh = not seen and not 64 or more below the highest accepted seq.
        private static bool ModelFresh(bool[] seen, uint highest, uint seq)
        {
            if (seen[seq])
            {
                return false;
            }
            return seq > highest || highest - seq < 64;
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(7)]
        [DataRow(1234)]
        [DataRow(99991)]
        public void MatchesPlainModel_GeneratedSequences(int seed)
        {
            TestPrng prng = new TestPrng((uint)seed);   // xorshift32, as before
            ReplayWindow window = new ReplayWindow();
            bool[] seen = new bool[Range];
            uint highest = 0;
            uint cursor = 0;
            for (int step = 0; step < 2000; step++)
            {
                uint r = prng.Next();
                uint seq;
                switch (r % 4)
                {
                    case 0: seq = cursor + 1; break;                       // in order
                    case 1: seq = cursor > 70 ? cursor - (r >> 8) % 70 : 0; break;   // around the edge
                    case 2: seq = cursor + (r >> 8) % 100; break;          // jump ahead
                    default: seq = (r >> 8) % (cursor + 1); break;         // anything old
                }
                if (seq >= Range)
                {
                    continue;
                }
                bool expected = ModelFresh(seen, highest, seq);
                Assert.AreEqual(expected, window.IsFresh(seq), "seed " + seed.ToString() + " step " + step.ToString() + " seq " + seq.ToString());
                bool authentic = (r & 0x10000) != 0;   // half the fresh frames are forgeries: never accepted
                if (expected && authentic)
                {
                    window.Accept(seq);
                    seen[seq] = true;
                    if (seq > highest)
                    {
                        highest = seq;
                    }
                    if (seq > cursor)
                    {
                        cursor = seq;
                    }
                }
                Assert.AreEqual(highest, window.Highest);
            }
        }

        [TestMethod]
        public void Case1_InOrder()
        {
            ReplayWindow w = new ReplayWindow();
            for (uint s = 0; s < 200; s++)
            {
                Assert.IsTrue(w.IsFresh(s));
                w.Accept(s);
            }
        }

        [TestMethod]
        public void Case2_Duplicate()
        {
            ReplayWindow w = new ReplayWindow();
            w.Accept(0);
            w.Accept(5);
            Assert.IsFalse(w.IsFresh(0));
            Assert.IsFalse(w.IsFresh(5));
            Assert.IsTrue(w.IsFresh(3));
        }

        [TestMethod]
        public void Case3_WindowEdge64()
        {
            ReplayWindow w = new ReplayWindow();
            w.Accept(200);
            Assert.IsTrue(w.IsFresh(137));    // 200 - 63
            Assert.IsFalse(w.IsFresh(136));   // 200 - 64
            w.Accept(137);
            Assert.IsFalse(w.IsFresh(137));
        }

        [TestMethod]
        public void Case4_FarFuture()
        {
            ReplayWindow w = new ReplayWindow();
            w.Accept(10);
            w.Accept(0xFFFFFFF0);
            Assert.IsFalse(w.IsFresh(10));
            Assert.IsTrue(w.IsFresh(0xFFFFFFF0 - 63));
            Assert.IsFalse(w.IsFresh(0xFFFFFFF0 - 64));
        }

        [TestMethod]
        public void Case5_IsFreshAloneChangesNothing()
        {
            ReplayWindow w = new ReplayWindow();
            w.Accept(3);
            Assert.IsTrue(w.IsFresh(100));   // a frame that will fail authentication
            Assert.AreEqual(3u, w.Highest);
            Assert.IsTrue(w.IsFresh(4));
        }

        [TestMethod]
        public void Reset_BackToEmpty()
        {
            ReplayWindow w = new ReplayWindow();
            w.Accept(70);
            w.Reset();
            Assert.AreEqual(0u, w.Highest);
            Assert.IsTrue(w.IsFresh(0));
            Assert.IsTrue(w.IsFresh(70));
        }
    }
}
