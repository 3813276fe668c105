// nanoFramework.TestFramework 3.x (spec section 5). No MSTest extras (TestInitialize, ExpectedException,
// DataTestMethod, TestContext, StringAssert, Assert.Fail ...). There is deliberately NO byte[] overload of
// AreEqual: byte[] binds to AreEqual(object, object), which fails for equal contents - use CollectionAssert.
// ThrowsException is non-generic.
using System;
using System.Collections;
using System.Runtime.CompilerServices;

namespace nanoFramework.TestFramework
{
    [AttributeUsage(AttributeTargets.Class)] public sealed class TestClassAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Method)] public sealed class TestMethodAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Method)] public sealed class SetupAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Method)] public sealed class CleanupAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters) { }
        public object[] MethodParameters => throw null;
    }

    public class AssertFailedException : Exception
    {
        public AssertFailedException() { }
        public AssertFailedException(string message) { }
        public AssertFailedException(string message, Exception ex) { }
    }

    public class SkipTestException : Exception
    {
        public SkipTestException() { }
        public SkipTestException(string message) { }
    }

    public static class OutputHelper
    {
        public static void Write(string message) => throw null;
        public static void WriteLine(string message) => throw null;
    }

    public sealed partial class Assert
    {
        public static void SkipTest(string message = "") => throw null;
        public static void IsTrue(bool condition, [CallerArgumentExpression("condition")] string message = "") => throw null;
        public static void IsFalse(bool condition, [CallerArgumentExpression("condition")] string message = "") => throw null;
        public static void IsNull(object value, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void IsNotNull(object value, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void AreSame(object expected, object actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotSame(object notExpected, object actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void IsInstanceOfType(object value, Type expectedType, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void IsNotInstanceOfType(object value, Type wrongType, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void ThrowsException(Type exceptionType, Action action, string message = "") => throw null;
        public static void Contains(string expected, string value, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void DoesNotContains(string expected, string value, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void StartsWith(string expected, string value, [CallerArgumentExpression("value")] string message = "") => throw null;
        public static void EndsWith(string expected, string value, [CallerArgumentExpression("value")] string message = "") => throw null;

        public static void AreEqual(bool expected, bool actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(byte expected, byte actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(sbyte expected, sbyte actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(char expected, char actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(short expected, short actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(ushort expected, ushort actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(int expected, int actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(uint expected, uint actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(long expected, long actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(ulong expected, ulong actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(float expected, float actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(double expected, double actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(string expected, string actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(DateTime expected, DateTime actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreEqual(object expected, object actual, [CallerArgumentExpression("actual")] string message = "") => throw null;

        public static void AreNotEqual(bool notExpected, bool actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(byte notExpected, byte actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(sbyte notExpected, sbyte actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(char notExpected, char actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(short notExpected, short actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(ushort notExpected, ushort actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(int notExpected, int actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(uint notExpected, uint actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(long notExpected, long actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(ulong notExpected, ulong actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(float notExpected, float actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(double notExpected, double actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(string notExpected, string actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(DateTime notExpected, DateTime actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(object notExpected, object actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
    }

    public sealed class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void AreNotEqual(ICollection notExpected, ICollection actual, [CallerArgumentExpression("actual")] string message = "") => throw null;
        public static void Empty(ICollection collection, [CallerArgumentExpression("collection")] string message = "") => throw null;
        public static void NotEmpty(ICollection collection, [CallerArgumentExpression("collection")] string message = "") => throw null;
    }
}
