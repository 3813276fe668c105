// Host stand-in for the nanoFramework.TestFramework exceptions (package 3.0.80), declared where the real
// package declares them (nanoframework/nanoFramework.TestFramework):
//   AssertFailedException in namespace TestFrameworkShared (source/TestFrameworkShared/AssertFailedException.cs),
//   SkipTestException in namespace nanoFramework.TestFramework (source/TestFrameworkShared/SkipTestException.cs).
// A test that throws AssertFailedException itself needs `using TestFrameworkShared;`, as on the device.
using System;

namespace TestFrameworkShared
{
    /// <summary>Thrown by every failed assertion. Tests may throw it directly (there is no Assert.Fail).</summary>
    public class AssertFailedException : Exception
    {
        public AssertFailedException()
        {
        }

        public AssertFailedException(string msg) : base(msg)
        {
        }

        public AssertFailedException(string msg, Exception ex) : base(msg, ex)
        {
        }
    }
}

namespace nanoFramework.TestFramework
{
    /// <summary>Thrown by Assert.SkipTest; the launcher reports the test as skipped.</summary>
    public class SkipTestException : Exception
    {
        public SkipTestException(string message = null, Exception innerException = null) : base(message, innerException)
        {
        }
    }
}
