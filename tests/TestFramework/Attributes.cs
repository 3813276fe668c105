// Host stand-in for the nanoFramework.TestFramework attributes (package 3.x, spec/nanoframework.md §5).
// Same names, targets and constructor shapes, so a test file compiles unchanged for the device
// (against the real package) and for .NET (against this file).
using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class whose static [TestMethod]s the launcher runs. The class is never instantiated.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public sealed class TestClassAttribute : Attribute
    {
    }

    /// <summary>Marks a public void test method.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class TestMethodAttribute : Attribute
    {
    }

    /// <summary>Runs ONCE before the class's tests (not before each test).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class SetupAttribute : Attribute
    {
    }

    /// <summary>Runs ONCE after the class's tests.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class CleanupAttribute : Attribute
    {
    }

    /// <summary>One set of arguments for a [TestMethod]; repeatable.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class DataRowAttribute : Attribute
    {
        /// <summary>The arguments passed to the test method, in order.</summary>
        public object[] MethodParameters { get; private set; }

        public DataRowAttribute(params object[] methodParameters)
        {
            MethodParameters = methodParameters;
        }
    }
}
