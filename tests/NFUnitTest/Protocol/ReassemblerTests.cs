// Reassembler (firmware/Usmp/Protocol/Reassembler.cs), spec §7, against a plain model written
// the long way (an explicit list of the current message's frames) over many generated frame
// sequences, plus the named rules. xorshift32 PRNG, fixed seeds.
using nanoFramework.TestFramework;
using Usmp;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class ReassemblerTests
    {
        // Plain model state: the current message's frames (seq, length), at most 4 kept.
        private static uint[] s_modelSeqs = new uint[8];
        private static int[] s_modelLengths = new int[8];
        private static int s_modelCount;

        // Returns 0 Partial, 1 Complete, 2 Error; total = message length when Complete.
        private static int ModelAdd(bool isFinal, uint seq, int length, out int total)
        {
            total = 0;
            if (s_modelCount > 0 && s_modelSeqs[s_modelCount - 1] + 1 != seq)
            {
                s_modelCount = 0;
                return 2;
            }
            s_modelSeqs[s_modelCount] = seq;
            s_modelLengths[s_modelCount] = length;
            s_modelCount++;
            if (isFinal)
            {
                for (int i = 0; i < s_modelCount; i++)
                {
                    total += s_modelLengths[i];
                }
                s_modelCount = 0;
                return 1;
            }
            if (s_modelCount == 4)   // 4 frames and still no DATA
            {
                s_modelCount = 0;
                return 2;
            }
            return 0;
        }

        [TestMethod]
        [DataRow(3)]
        [DataRow(42)]
        [DataRow(777)]
        [DataRow(65537)]
        public void MatchesPlainModel_GeneratedSequences(int seed)
        {
            TestPrng prng = new TestPrng((uint)seed);   // xorshift32, as before
            s_modelCount = 0;
            Reassembler r = new Reassembler();
            uint seq = 0;
            int completes = 0;
            int errors = 0;
            for (int step = 0; step < 3000; step++)
            {
                uint x = prng.Next();
                bool isFinal = x % 3 == 0;
                seq = (x >> 4) % 10 == 0 ? seq + 2 + (x >> 8) % 3 : seq + 1;   // mostly consecutive
                int length = (int)((x >> 12) % (UsmpConstants.MaxPlaintext + 1));
                int expectedOffset = 0;
                for (int i = 0; i < s_modelCount; i++)
                {
                    expectedOffset += s_modelLengths[i];
                }
                Assert.AreEqual(expectedOffset, r.WriteOffset, "write offset at step " + step.ToString());
                Assert.AreEqual(s_modelCount != 0, r.InProgress);
                int modelTotal;
                int expected = ModelAdd(isFinal, seq, length, out modelTotal);
                int total;
                ReassemblyResult actual = r.Add(isFinal, seq, length, out total);
                Assert.AreEqual(expected, (int)actual, "seed " + seed.ToString() + " step " + step.ToString());
                Assert.AreEqual(modelTotal, total);
                Assert.IsTrue(total <= UsmpConstants.MaxMessageSize);
                completes += expected == 1 ? 1 : 0;
                errors += expected == 2 ? 1 : 0;
            }
            Assert.IsTrue(completes > 100 && errors > 10, "the generator reaches both outcomes");
        }

        [TestMethod]
        public void ThreeFragmentsAndData_1808Bytes()
        {
            Reassembler r = new Reassembler();
            int total;
            Assert.AreEqual((int)ReassemblyResult.Partial, (int)r.Add(false, 10, 452, out total));
            Assert.AreEqual((int)ReassemblyResult.Partial, (int)r.Add(false, 11, 452, out total));
            Assert.AreEqual((int)ReassemblyResult.Partial, (int)r.Add(false, 12, 452, out total));
            Assert.AreEqual(1356, r.WriteOffset);
            Assert.AreEqual((int)ReassemblyResult.Complete, (int)r.Add(true, 13, 452, out total));
            Assert.AreEqual(1808, total);
            Assert.IsFalse(r.InProgress);
            Assert.AreEqual(0, r.WriteOffset);
        }

        [TestMethod]
        public void FourFragments_ErrorExceededMaxFragments()
        {
            Reassembler r = new Reassembler();
            int total;
            r.Add(false, 0, 452, out total);
            r.Add(false, 1, 452, out total);
            r.Add(false, 2, 452, out total);
            Assert.AreEqual((int)ReassemblyResult.Error, (int)r.Add(false, 3, 452, out total));
            Assert.Contains("max fragments", r.ErrorReason);
            Assert.IsFalse(r.InProgress);
        }

        [TestMethod]
        public void NonConsecutiveFragment_Error()
        {
            Reassembler r = new Reassembler();
            int total;
            r.Add(false, 5, 100, out total);
            Assert.AreEqual((int)ReassemblyResult.Error, (int)r.Add(true, 7, 1, out total));
            Assert.AreEqual(0, r.WriteOffset);
        }

        [TestMethod]
        public void SingleDataAnySeq_Complete()
        {
            Reassembler r = new Reassembler();
            int total;
            Assert.AreEqual((int)ReassemblyResult.Complete, (int)r.Add(true, 1000, 0, out total));
            Assert.AreEqual(0, total);
            Assert.AreEqual((int)ReassemblyResult.Complete, (int)r.Add(true, 5, 3, out total), "a new message may start at any seq");
            Assert.AreEqual(3, total);
        }
    }
}
