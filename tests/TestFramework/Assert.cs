// Host stand-in for nanoFramework.TestFramework.Assert (package 3.0.80, spec/nanoframework.md §5), with the
// package's signatures and semantics (nanoframework/nanoFramework.TestFramework source/TestFramework/
// Assert.cs, Assert.AreEqual.cs, Assert.AreNotEqual.cs): typed AreEqual/AreNotEqual compare with
// object.Equals (so NaN equals NaN), strings ordinally, plus the object overload, and deliberately NO array
// overload: Assert.AreEqual(byte[], byte[]) binds to the object overload and fails for distinct arrays with
// equal contents, as on the nanoCLR (use CollectionAssert). IsInstanceOfType is an EXACT type match, not
// "is a"; string and ThrowsException asserts fail (AssertFailedException) on a null argument. The device's
// [CallerArgumentExpression] message defaults are left out here: the host build gets the message only
// when a test passes one. nanoFramework-compatible C#: no generics, no LINQ.
using System;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    public sealed partial class Assert
    {
        public static void AreEqual(bool expected, bool actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(bool notExpected, bool actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(byte expected, byte actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(byte notExpected, byte actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(sbyte expected, sbyte actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(sbyte notExpected, sbyte actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(char expected, char actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(char notExpected, char actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(short expected, short actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(short notExpected, short actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(ushort expected, ushort actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(ushort notExpected, ushort actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(int expected, int actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(int notExpected, int actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(uint expected, uint actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(uint notExpected, uint actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(long expected, long actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(long notExpected, long actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(ulong expected, ulong actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(ulong notExpected, ulong actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(float expected, float actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(float notExpected, float actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(double expected, double actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(double notExpected, double actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(DateTime expected, DateTime actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(DateTime notExpected, DateTime actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(string expected, string actual, string message = "")
        {
            if (!(string.CompareOrdinal(expected, actual) == 0))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(string notExpected, string actual, string message = "")
        {
            if (string.CompareOrdinal(notExpected, actual) == 0)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(object expected, object actual, string message = "")
        {
            if (!(Equals(expected, actual)))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(object notExpected, object actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void IsTrue(bool condition, string message = "")
        {
            if (!condition)
            {
                HandleFail("Assert.IsTrue", message);
            }
        }

        public static void IsFalse(bool condition, string message = "")
        {
            if (condition)
            {
                HandleFail("Assert.IsFalse", message);
            }
        }

        public static void IsNull(object value, string message = "")
        {
            if (value != null)
            {
                HandleFail("Assert.IsNull", message);
            }
        }

        public static void IsNotNull(object value, string message = "")
        {
            if (value == null)
            {
                HandleFail("Assert.IsNotNull", message);
            }
        }

        public static void AreSame(object expected, object actual, string message = "")
        {
            if (!ReferenceEquals(expected, actual))
            {
                HandleFail("Assert.AreSame", message);
            }
        }

        public static void AreNotSame(object notExpected, object actual, string message = "")
        {
            if (ReferenceEquals(notExpected, actual))
            {
                HandleFail("Assert.AreNotSame", message);
            }
        }

        /// <summary>Passes only if value's type IS expected (not a subclass), like the device framework.</summary>
        public static void IsInstanceOfType(object value, Type expected, string message = "")
        {
            EnsureNotNull(expected, "Assert.IsInstanceOfType", "expected");
            if (value == null || value.GetType() != expected)
            {
                HandleFail("Assert.IsInstanceOfType", "Expected type:<" + expected + ">. Actual type:<" +
                    (value == null ? "(null)" : value.GetType().ToString()) + ">. " + message);
            }
        }

        public static void IsNotInstanceOfType(object value, Type notExpected, string message = "")
        {
            EnsureNotNull(notExpected, "Assert.IsNotInstanceOfType", "notExpected");
            if (value != null && value.GetType() == notExpected)
            {
                HandleFail("Assert.IsNotInstanceOfType", "Wrong type:<" + notExpected + ">. " + message);
            }
        }

        public static void Contains(string expected, string value, string message = "")
        {
            EnsureNotNull(expected, "Assert.Contains", "expected");
            EnsureNotNull(value, "Assert.Contains", "value");
            if (value.IndexOf(expected, StringComparison.Ordinal) < 0)
            {
                HandleFail("Assert.Contains", "'" + value + "' does not contain '" + expected + "'. " + message);
            }
        }

        public static void DoesNotContains(string notExpected, string value, string message = "")
        {
            EnsureNotNull(notExpected, "Assert.DoesNotContains", "notExpected");
            EnsureNotNull(value, "Assert.DoesNotContains", "value");
            if (value.IndexOf(notExpected, StringComparison.Ordinal) >= 0)
            {
                HandleFail("Assert.DoesNotContains", "'" + value + "' should not contain '" + notExpected + "'. " + message);
            }
        }

        public static void StartsWith(string expected, string value, string message = "")
        {
            EnsureNotNull(expected, "Assert.StartsWith", "expected");
            EnsureNotNull(value, "Assert.StartsWith", "value");
            if (!value.StartsWith(expected, StringComparison.Ordinal))
            {
                HandleFail("Assert.StartsWith", "'" + value + "' does not start with '" + expected + "'. " + message);
            }
        }

        public static void EndsWith(string expected, string value, string message = "")
        {
            EnsureNotNull(expected, "Assert.EndsWith", "expected");
            EnsureNotNull(value, "Assert.EndsWith", "value");
            if (!value.EndsWith(expected, StringComparison.Ordinal))
            {
                HandleFail("Assert.EndsWith", "'" + value + "' does not end with '" + expected + "'. " + message);
            }
        }

        /// <summary>Passes only if action throws exactly exception (not a subclass), like the device framework.</summary>
        public static void ThrowsException(Type exception, Action action, string message = "")
        {
            EnsureNotNull(action, "Assert.ThrowsException", "action");
            EnsureNotNull(exception, "Assert.ThrowsException", "exception");
            Exception caught = null;
            try
            {
                action();
            }
            catch (Exception ex)
            {
                caught = ex;
            }

            if (caught == null)
            {
                HandleFail("Assert.ThrowsException", "No exception thrown. " + exception.Name + " exception was expected. " + message);
            }

            if (caught.GetType() != exception)
            {
                throw new AssertFailedException("Assert.ThrowsException failed. Threw exception " + caught.GetType().FullName +
                    ", but exception " + exception.FullName + " was expected. " + message + " Exception Message: " + caught.Message, caught);
            }
        }

        public static void SkipTest(string message = null)
        {
            throw new SkipTestException(message);
        }

        private static void EnsureNotNull(object value, string assertion, string parameter)
        {
            if (value == null)
            {
                HandleFail(assertion, "The parameter '" + parameter + "' is invalid. The value cannot be null.");
            }
        }

        private static void Fail(string assertion, object expected, object actual, string message)
        {
            HandleFail("Assert." + assertion, "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
        }

        private static void HandleFail(string assertion, string message)
        {
            throw new AssertFailedException(assertion + " failed. " + message);
        }

        private static string Show(object value)
        {
            return value == null ? "(null)" : value.ToString();
        }
    }
}
