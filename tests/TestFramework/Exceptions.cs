// Host stand-in for the nanoFramework.TestFramework exceptions (spec/nanoframework.md §5).
using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Thrown by every failed assertion. Tests may throw it directly (there is no Assert.Fail).</summary>
    public class AssertFailedException : Exception
    {
        public AssertFailedException()
        {
        }

        public AssertFailedException(string message) : base(message)
        {
        }

        public AssertFailedException(string message, Exception innerException) : base(message, innerException)
        {
        }
    }

    /// <summary>Thrown by Assert.SkipTest; the launcher reports the test as skipped.</summary>
    public class SkipTestException : Exception
    {
        public SkipTestException()
        {
        }

        public SkipTestException(string message) : base(message)
        {
        }
    }
}
