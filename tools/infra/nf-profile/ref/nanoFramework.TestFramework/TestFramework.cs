// nanoFramework.TestFramework 3.x (package 3.0.80, assembly nanoFramework.TestFramework). Each declaration
// below was read in nanoframework/nanoFramework.TestFramework (file @commit):
//   source/TestFrameworkShared/{TestClass,TestMethod,Setup,Cleanup}Attribute.cs @09405a9/@612ead3: public,
//     NOT sealed, namespace nanoFramework.TestFramework;
//   source/TestFrameworkShared/DataRowAttribute.cs @09b31b7: class, params object[] ctor, MethodParameters;
//   source/TestFrameworkShared/AssertFailedException.cs @26ba7c0: namespace TestFrameworkShared (NOT
//     nanoFramework.TestFramework), ctors (), (msg), (msg, ex);
//   source/TestFrameworkShared/SkipTestException.cs @b52c518: namespace nanoFramework.TestFramework, one ctor
//     (string message = null, Exception innerException = null);
//   source/TestFramework/Assert.cs, Assert.AreEqual.cs @b52c518 and Assert.AreNotEqual.cs @17e0272: typed
//     AreEqual/AreNotEqual (no array overload: byte[] binds to the object overload and fails for equal
//     contents), parameter names, [CallerArgumentExpression] message defaults, SkipTest(string message = null);
//   source/TestFramework/CollectionAssert.cs @38dda7c: plain `string message = ""` (no CallerArgumentExpression);
//   source/TestFramework/OutputHelper.cs @2d363f7: static Write/WriteLine(string).
// Not declared (unused by our tests; an omission can only refuse code): the [Obsolete] xUnit aliases
// (Assert.Obsolete.cs), TestClassAttribute.GetTestMethodAttribute, DataTestMethodAttribute.
using System;
using System.Collections;
using System.Runtime.CompilerServices;

namespace nanoFramework.TestFramework
{
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)] public class TestClassAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)] public class TestMethodAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)] public class SetupAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)] public class CleanupAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters) { }
        public object[] MethodParameters => throw null;
    }

    public class SkipTestException : Exception
    {
        public SkipTestException(string message = null, Exception innerException = null) { }
    }

    public static class OutputHelper
    {
        public static void Write(string message) => throw null;
        public static void WriteLine(string message) => throw null;
    }

    public sealed partial class Assert
    {
        public static void AreNotSame(object notExpected, object actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreSame(object expected, object actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void Contains(string expected, string value, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void DoesNotContains(string notExpected, string value, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void EndsWith(string expected, string value, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void IsFalse(bool condition, [CallerArgumentExpression("condition")] string message = "") => throw null;
        public static void IsInstanceOfType(object value, Type expected, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void IsNotInstanceOfType(object value, Type notExpected, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void IsNotNull(object value, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void IsNull(object value, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void IsTrue(bool condition, [CallerArgumentExpression("condition")] string message = "") => throw null;
        public static void SkipTest(string message = null) => throw null;
        public static void StartsWith(string expected, string value, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void ThrowsException(Type exception, Action action, [CallerArgumentExpression("action")] string message = "") => throw null;

        public static void AreEqual(bool expected, bool actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(byte expected, byte actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(char expected, char actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(DateTime expected, DateTime actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(double expected, double actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(float expected, float actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(int expected, int actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(long expected, long actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(object expected, object actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(sbyte expected, sbyte actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(short expected, short actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(string expected, string actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(uint expected, uint actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(ulong expected, ulong actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(ushort expected, ushort actual, [CallerArgumentExpression("actual")] string message = "") => throw null;

        public static void AreNotEqual(bool notExpected, bool actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(byte notExpected, byte actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(char notExpected, char actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(DateTime notExpected, DateTime actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(double notExpected, double actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(float notExpected, float actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(int notExpected, int actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(long notExpected, long actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(object notExpected, object actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(sbyte notExpected, sbyte actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(short notExpected, short actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(string notExpected, string actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(uint notExpected, uint actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(ulong notExpected, ulong actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(ushort notExpected, ushort actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
    }

    public sealed class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, string message = "") => throw null;
        public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "") => throw null;
        public static void Empty(ICollection collection, string message = "") => throw null;
        public static void NotEmpty(ICollection collection, string message = "") => throw null;
    }
}

namespace TestFrameworkShared
{
    // Thrown by every failed assertion; a test may throw it itself (there is no Assert.Fail).
    public class AssertFailedException : Exception
    {
        public AssertFailedException() { }
        public AssertFailedException(string msg) { }
        public AssertFailedException(string msg, Exception ex) { }
    }
}
