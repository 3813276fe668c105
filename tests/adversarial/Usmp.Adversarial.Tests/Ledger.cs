// The delivery invariant: what an application received must be byte-identical to messages the
// honest peer sent, each at most once, in the order sent (an in-order subsequence). A forged,
// replayed, duplicated, spliced or reordered delivery breaks it.
using Xunit;

namespace Usmp.Adversarial.Tests;

public static class Ledger
{
    public static void AssertSubsequence(IReadOnlyList<byte[]> sent, IReadOnlyList<byte[]> delivered, string what)
    {
        byte[][] s, d;
        lock (sent) s = sent.ToArray();
        lock (delivered) d = delivered.ToArray();
        int next = 0;
        for (int i = 0; i < d.Length; i++)
        {
            int found = -1;
            for (int j = next; j < s.Length; j++)
                if (s[j].AsSpan().SequenceEqual(d[i])) { found = j; break; }
            if (found < 0)
            {
                bool earlier = s.Take(next).Any(x => x.AsSpan().SequenceEqual(d[i]));
                Assert.Fail($"{what}: delivered message #{i} ({d[i].Length} B) " +
                    (earlier ? "was delivered again or out of order" : "was never sent by the honest peer (forged)"));
            }
            next = found + 1;
        }
    }
}
