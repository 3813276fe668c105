// DatagramQueue: the UDP read queue as a ring (issue 12: no shifting per dequeue, frames handed out
// where they lie). Frames of random sizes (12..492, xorshift32 with fixed seeds) go in while the
// §8 4096-byte rule admits them and come out in order, byte for byte, across many wraps; the frame
// handed out is never overwritten by frames queued after it, until the next Take.
using System;
using nanoFramework.TestFramework;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class DatagramQueueTests
    {
        [TestMethod]
        [DataRow(1u)]
        [DataRow(99u)]
        [DataRow(0xBADC0DEu)]
        public void Frames_come_out_in_order_and_intact_across_wraps(uint seed)
        {
            TestPrng prng = new TestPrng(seed);
            DatagramQueue queue = new DatagramQueue(4096, 341);
            byte[] frame = new byte[492];
            int nextIn = 0;
            int nextOut = 0;
            for (int round = 0; round < 400; round++)
            {
                int burst = 1 + prng.Next(10);
                for (int i = 0; i < burst; i++)
                {
                    int length = 12 + prng.Next(481);
                    if (!queue.Admits(length))
                    {
                        break;
                    }
                    Fill(frame, length, nextIn++);
                    queue.Enqueue(frame, 0, length);
                }
                int takes = 1 + prng.Next(4);
                for (int i = 0; i < takes && queue.Count > 0; i++)
                {
                    int offset;
                    int length = queue.Take(out offset);
                    Check(queue.Buffer, offset, length, nextOut++);
                }
            }
            Assert.IsTrue(nextOut > 500, "the test went round the ring many times");
        }

        [TestMethod]
        public void The_frame_handed_out_stays_intact_while_more_are_queued()
        {
            DatagramQueue queue = new DatagramQueue(4096, 341);
            byte[] frame = new byte[492];
            Fill(frame, 492, 1);
            queue.Enqueue(frame, 0, 492);
            int offset;
            int length = queue.Take(out offset);
            int queued = 0;
            while (queue.Admits(492))
            {
                Fill(frame, 492, 100 + queued);
                queue.Enqueue(frame, 0, 492);
                queued++;
            }
            Assert.AreEqual(7, queued, "the frame handed out still counts against the 4096 bytes");
            Check(queue.Buffer, offset, length, 1);
            for (int i = 0; i < queued; i++)
            {
                length = queue.Take(out offset);
                Check(queue.Buffer, offset, length, 100 + i);
            }
            Assert.AreEqual(0, queue.Take(out offset));
            Assert.AreEqual(0, queue.Count);
        }

        [TestMethod]
        public void The_4096_byte_rule_counts_bytes_and_frames()
        {
            DatagramQueue queue = new DatagramQueue(4096, 341);
            byte[] frame = new byte[492];
            for (int i = 0; i < 8; i++)
            {
                Assert.IsTrue(queue.Admits(492));
                queue.Enqueue(frame, 0, 492);
            }
            Assert.IsFalse(queue.Admits(492), "8 x 492 = 3936: a 9th would pass 4096");
            Assert.IsTrue(queue.Admits(160));
            DatagramQueue small = new DatagramQueue(4096, 2);
            small.Enqueue(frame, 0, 12);
            small.Enqueue(frame, 0, 12);
            Assert.IsFalse(small.Admits(12), "at most maxFrames wait");
        }

        private static void Fill(byte[] frame, int length, int id)
        {
            for (int i = 0; i < length; i++)
            {
                frame[i] = (byte)(id * 31 + i);
            }
            frame[0] = (byte)length;
            frame[1] = (byte)(length >> 8);
        }

        private static void Check(byte[] buffer, int offset, int length, int id)
        {
            Assert.AreEqual(length, buffer[offset] | (buffer[offset + 1] << 8), "frame " + id.ToString() + " length");
            for (int i = 2; i < length; i++)
            {
                if (buffer[offset + i] != (byte)(id * 31 + i))
                {
                    throw new Exception("frame " + id.ToString() + " byte " + i.ToString() + " changed");
                }
            }
        }
    }
}
