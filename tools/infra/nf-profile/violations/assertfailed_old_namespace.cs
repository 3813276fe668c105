// refs: mscorlib nanoFramework.TestFramework
// expect: FAIL 'AssertFailedException' does not exist in the namespace 'nanoFramework.TestFramework'
// The real package declares TestFrameworkShared.AssertFailedException (namespace TestFrameworkShared since
// 2022); the old stand-ins put it in nanoFramework.TestFramework, which the real TestFramework refuses (CS0246).
// assertfailed_shared.cs is the same test with the right namespace and must pass.
using nanoFramework.TestFramework;

namespace Fixture
{
    [TestClass]
    public class OldNamespace
    {
        [TestMethod]
        public void Fails() => throw new nanoFramework.TestFramework.AssertFailedException("no exception");
    }
}
