// refs: mscorlib nanoFramework.TestFramework
// expect: OK
// The counterpart of assertfailed_old_namespace.cs: AssertFailedException from TestFrameworkShared, plus
// the TestFramework members our tests use (typed AreEqual, CollectionAssert on byte[], ThrowsException,
// OutputHelper, SkipTest), as declared by nanoframework/nanoFramework.TestFramework.
using System;
using nanoFramework.TestFramework;
using TestFrameworkShared;

namespace Fixture
{
    [TestClass]
    public class SharedNamespace
    {
        [TestMethod]
        [DataRow(1, "a")]
        public void Passes(int n, string s)
        {
            Assert.AreEqual(1, n);
            Assert.AreNotEqual("b", s);
            CollectionAssert.AreEqual(new byte[] { 1 }, new byte[] { 1 });
            Assert.ThrowsException(typeof(InvalidOperationException), () => throw new InvalidOperationException());
            OutputHelper.WriteLine(s);
            if (n != 1)
            {
                throw new AssertFailedException("unreachable");
            }
        }

        [Setup]
        public void Skip() => Assert.SkipTest("needs a board");
    }
}
