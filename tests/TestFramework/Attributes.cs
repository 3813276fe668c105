// Host stand-in for the nanoFramework.TestFramework attributes (package 3.0.80, spec/nanoframework.md §5).
// Same names, namespaces, targets, sealedness (none is sealed) and constructor shapes as the package's
// source/TestFrameworkShared/*Attribute.cs, so a test file compiles unchanged for the device (against
// the real package) and for .NET (against this file).
using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class whose static [TestMethod]s the launcher runs. The class is never instantiated.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public class TestClassAttribute : Attribute
    {
    }

    /// <summary>Marks a public void test method.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class TestMethodAttribute : Attribute
    {
    }

    /// <summary>Runs ONCE before the class's tests (not before each test).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class SetupAttribute : Attribute
    {
    }

    /// <summary>Runs ONCE after the class's tests.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class CleanupAttribute : Attribute
    {
    }

    /// <summary>One set of arguments for a [TestMethod]; repeatable.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : Attribute
    {
        /// <summary>The arguments passed to the test method, in order.</summary>
        public object[] MethodParameters { get; private set; }

        public DataRowAttribute(params object[] methodParameters)
        {
            MethodParameters = methodParameters;
        }
    }
}
