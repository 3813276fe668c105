// Reassembler (firmware/Usmp/Protocol/Reassembler.cs), spec §7 plus issue 10 class 2 (whole
// messages only): the named rules, and generated sender streams (messages of 1-4 frames with
// control frames between them, consecutive seqs) of which the receiver misses random frames,
// checked against what the sender sent: every Complete is a whole message the sender sent, every
// frame of it received; and a message is delivered exactly when none of its frames, nor any frame
// since the DATA that ended the message before it, was missed. xorshift32 PRNG, fixed seeds.
using nanoFramework.TestFramework;
using Usmp;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class ReassemblerTests
    {
        private const int Partial = (int)ReassemblyResult.Partial;
        private const int Complete = (int)ReassemblyResult.Complete;
        private const int Error = (int)ReassemblyResult.Error;
        private const int Discarded = (int)ReassemblyResult.Discarded;

        private static int Add(Reassembler r, bool isFinal, uint seq, int length, out int total)
        {
            return (int)r.Add(isFinal, 0, seq, length, out total);
        }

        [TestMethod]
        public void ThreeFragmentsAndData_1808Bytes()
        {
            Reassembler r = new Reassembler();
            int total;
            Assert.AreEqual(Partial, Add(r, false, 0, 452, out total));
            Assert.AreEqual(Partial, Add(r, false, 1, 452, out total));
            Assert.AreEqual(Partial, Add(r, false, 2, 452, out total));
            Assert.AreEqual(1356, r.WriteOffset);
            Assert.AreEqual(Complete, Add(r, true, 3, 452, out total));
            Assert.AreEqual(1808, total);
            Assert.IsFalse(r.InProgress);
            Assert.AreEqual(0, r.WriteOffset);
        }

        [TestMethod]
        public void FourFragments_ErrorExceededMaxFragments_then_the_rest_of_that_message_is_discarded()
        {
            Reassembler r = new Reassembler();
            int total;
            Add(r, false, 0, 452, out total);
            Add(r, false, 1, 452, out total);
            Add(r, false, 2, 452, out total);
            Assert.AreEqual(Error, Add(r, false, 3, 452, out total));
            Assert.Contains("max fragments", r.ErrorReason);
            Assert.IsFalse(r.InProgress);
            Assert.AreEqual(Discarded, Add(r, true, 4, 10, out total), "the DATA that ends the broken message");
            Assert.AreEqual(Complete, Add(r, true, 5, 7, out total), "the next message starts at a boundary");
            Assert.AreEqual(7, total);
        }

        [TestMethod]
        public void NonConsecutiveFragment_Error_no_shorter_message()
        {
            Reassembler r = new Reassembler();
            int total;
            Add(r, true, 0, 1, out total);
            Assert.AreEqual(Partial, Add(r, false, 1, 100, out total));
            Assert.AreEqual(Error, Add(r, true, 3, 1, out total), "seq 2 is missing");
            Assert.AreEqual(0, r.WriteOffset);
            Assert.AreEqual(Complete, Add(r, true, 4, 5, out total), "the DATA ended the broken message: the next one is whole");
        }

        [TestMethod]
        public void The_review_attack_shape_a_lone_DATA_after_missing_fragments_is_not_a_message()
        {
            // 933 B = FRAG(2) 452, FRAG(3) 452, DATA(4) 29: the receiver never accepted seqs 2 and 3.
            Reassembler r = new Reassembler();
            int total;
            Assert.AreEqual(Complete, Add(r, true, 0, 16, out total));
            Assert.AreEqual(Complete, Add(r, true, 1, 16, out total));
            Assert.AreEqual(Discarded, Add(r, true, 4, 29, out total), "29 B tail delivered as a whole message");
            Assert.AreEqual(0, total);
            Assert.AreEqual(Complete, Add(r, true, 5, 16, out total), "the next message follows the tail");
        }

        [TestMethod]
        public void A_message_after_a_lost_final_DATA_is_dropped_too()
        {
            Reassembler r = new Reassembler();
            int total;
            Add(r, false, 0, 452, out total);
            Add(r, false, 1, 452, out total);
            // seq 2 (the DATA ending that message) is lost; seq 3 could be its tail or a new message
            Assert.AreEqual(Error, Add(r, false, 3, 452, out total));
            Assert.AreEqual(Discarded, Add(r, true, 4, 9, out total));
            Assert.AreEqual(Complete, Add(r, true, 5, 9, out total));
        }

        [TestMethod]
        public void The_first_message_of_a_session_starts_at_seq_0()
        {
            Reassembler r = new Reassembler();
            int total;
            Assert.AreEqual(Discarded, Add(r, true, 3, 1, out total), "seqs 0-2 were never accepted");
            Assert.AreEqual(Complete, Add(r, true, 4, 1, out total));
        }

        [TestMethod]
        public void Control_frames_keep_the_chain_and_break_a_message_they_interrupt()
        {
            Reassembler r = new Reassembler();
            int total;
            Assert.IsFalse(r.Control(0, 0), "PING at a boundary");
            Assert.AreEqual(Partial, Add(r, false, 1, 452, out total));
            Assert.IsTrue(r.Control(0, 2), "PONG in the middle of a message");
            Assert.IsFalse(r.InProgress);
            Assert.AreEqual(Discarded, Add(r, true, 3, 7, out total), "the interrupted message's tail");
            Assert.IsFalse(r.Control(0, 4));
            Assert.AreEqual(Complete, Add(r, true, 5, 7, out total));
            Assert.IsFalse(r.Control(0, 9), "a control frame after a gap (seqs 6-8 missing)");
            Assert.IsFalse(r.AtBoundary, "a gap: we may be inside an unknown message");
            Assert.AreEqual(Discarded, Add(r, true, 10, 1, out total));
            Assert.AreEqual(Complete, Add(r, true, 11, 1, out total));
        }

        [TestMethod]
        public void A_new_epoch_starts_at_seq_0_and_a_message_never_spans_two_epochs()
        {
            Reassembler r = new Reassembler();
            int total;
            Add(r, true, 0, 1, out total);
            Assert.IsFalse(r.Control(0, 1), "REKEY");
            Assert.AreEqual(Complete, (int)r.Add(true, 1, 0, 3, out total), "epoch 1 seq 0 follows the REKEY");
            Assert.AreEqual(Discarded, (int)r.Add(true, 2, 1, 3, out total), "epoch 2 must start at seq 0");
            Assert.AreEqual(Partial, (int)r.Add(false, 2, 2, 452, out total));
            Assert.AreEqual(Error, (int)r.Add(true, 3, 0, 3, out total), "a message does not continue under the next keys");
        }

        [TestMethod]
        [DataRow(3)]
        [DataRow(42)]
        [DataRow(777)]
        [DataRow(65537)]
        public void Generated_streams_with_missed_frames_deliver_only_whole_messages(int seed)
        {
            TestPrng prng = new TestPrng((uint)seed);
            const int Frames = 3000;
            // The sender's stream: per frame its kind (0 control, 1 FRAG, 2 DATA), message index, length.
            int[] kind = new int[Frames];
            int[] message = new int[Frames];
            int[] length = new int[Frames];
            int[] messageLength = new int[Frames];
            int[] messageStart = new int[Frames];
            int seq = 0;
            int messages = 0;
            while (seq < Frames - 5)
            {
                if (prng.Next(4) == 0)
                {
                    kind[seq++] = 0;
                    continue;
                }
                int frames = 1 + prng.Next(4);
                messageStart[messages] = seq;
                for (int f = 0; f < frames; f++)
                {
                    kind[seq] = f == frames - 1 ? 2 : 1;
                    message[seq] = messages;
                    length[seq] = f == frames - 1 ? prng.Next(UsmpConstants.MaxPlaintext + 1) : UsmpConstants.MaxPlaintext;
                    messageLength[messages] += length[seq];
                    seq++;
                }
                messages++;
            }
            int sent = seq;
            bool[] missed = new bool[sent];
            for (int i = 0; i < sent; i++)
            {
                missed[i] = prng.Next(12) == 0;
            }
            Reassembler r = new Reassembler();
            bool[] delivered = new bool[messages];
            int deliveredCount = 0;
            for (int i = 0; i < sent; i++)
            {
                if (missed[i])
                {
                    continue;
                }
                if (kind[i] == 0)
                {
                    r.Control(0, (uint)i);
                    continue;
                }
                int total;
                int result = (int)r.Add(kind[i] == 2, 0, (uint)i, length[i], out total);
                if (result == Complete)
                {
                    int m = message[i];
                    Assert.IsFalse(delivered[m], "message " + m.ToString() + " delivered twice");
                    Assert.AreEqual(messageLength[m], total, "message " + m.ToString() + " delivered with a wrong length (partial)");
                    for (int f = messageStart[m]; f <= i; f++)
                    {
                        Assert.IsFalse(missed[f], "message " + m.ToString() + " delivered although frame " + f.ToString() + " was missed");
                    }
                    delivered[m] = true;
                    deliveredCount++;
                }
            }
            // Liveness: delivered exactly when nothing was missed since the DATA before the message.
            int chainStart = 0;
            int lost = 0;
            for (int m = 0; m < messages; m++)
            {
                int end = m + 1 < messages ? messageStart[m + 1] : sent;
                int last = messageStart[m];
                while (last + 1 < end && kind[last] != 2)
                {
                    last++;
                }
                bool expected = true;
                for (int f = chainStart; f <= last; f++)
                {
                    expected &= !missed[f];
                }
                Assert.AreEqual(expected, delivered[m], "seed " + seed.ToString() + " message " + m.ToString());
                lost += expected ? 0 : 1;
                chainStart = last;
            }
            Assert.IsTrue(deliveredCount > 100 && lost > 20, "the generator reaches both outcomes");
        }
    }
}
