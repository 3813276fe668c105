// Host stand-in for nanoFramework.TestFramework.Assert (package 3.x, spec/nanoframework.md §5).
// Typed AreEqual/AreNotEqual overloads exactly as on the device, plus the object overload, and
// deliberately NO array overload: Assert.AreEqual(byte[], byte[]) binds to the object overload and
// fails for distinct arrays with equal contents, as it does on the nanoCLR. Use CollectionAssert.
// nanoFramework-compatible C#: no generics, no LINQ.
using System;

namespace nanoFramework.TestFramework
{
    public sealed partial class Assert
    {
        private Assert()
        {
        }

        public static void AreEqual(bool expected, bool actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(bool notExpected, bool actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(byte expected, byte actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(byte notExpected, byte actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(sbyte expected, sbyte actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(sbyte notExpected, sbyte actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(char expected, char actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(char notExpected, char actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(short expected, short actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(short notExpected, short actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(ushort expected, ushort actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(ushort notExpected, ushort actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(int expected, int actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(int notExpected, int actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(uint expected, uint actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(uint notExpected, uint actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(long expected, long actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(long notExpected, long actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(ulong expected, ulong actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(ulong notExpected, ulong actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(float expected, float actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(float notExpected, float actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(double expected, double actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(double notExpected, double actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(string expected, string actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(string notExpected, string actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(DateTime expected, DateTime actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(DateTime notExpected, DateTime actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void AreEqual(object expected, object actual, string message = "")
        {
            if (!ObjectsEqual(expected, actual))
            {
                Fail("AreEqual", expected, actual, message);
            }
        }

        public static void AreNotEqual(object notExpected, object actual, string message = "")
        {
            if (ObjectsEqual(notExpected, actual))
            {
                Fail("AreNotEqual", notExpected, actual, message);
            }
        }

        public static void IsTrue(bool condition, string message = "")
        {
            if (!condition)
            {
                throw new AssertFailedException("Assert.IsTrue failed. " + message);
            }
        }

        public static void IsFalse(bool condition, string message = "")
        {
            if (condition)
            {
                throw new AssertFailedException("Assert.IsFalse failed. " + message);
            }
        }

        public static void IsNull(object value, string message = "")
        {
            if (value != null)
            {
                throw new AssertFailedException("Assert.IsNull failed. " + message);
            }
        }

        public static void IsNotNull(object value, string message = "")
        {
            if (value == null)
            {
                throw new AssertFailedException("Assert.IsNotNull failed. " + message);
            }
        }

        public static void AreSame(object expected, object actual, string message = "")
        {
            if (!ReferenceEquals(expected, actual))
            {
                throw new AssertFailedException("Assert.AreSame failed. " + message);
            }
        }

        public static void AreNotSame(object notExpected, object actual, string message = "")
        {
            if (ReferenceEquals(notExpected, actual))
            {
                throw new AssertFailedException("Assert.AreNotSame failed. " + message);
            }
        }

        public static void IsInstanceOfType(object value, Type expectedType, string message = "")
        {
            if (value == null || expectedType == null || !expectedType.IsInstanceOfType(value))
            {
                throw new AssertFailedException("Assert.IsInstanceOfType failed. Expected type:<" + Name(expectedType) +
                    ">. Actual type:<" + (value == null ? "(null)" : value.GetType().FullName) + ">. " + message);
            }
        }

        public static void IsNotInstanceOfType(object value, Type wrongType, string message = "")
        {
            if (value != null && wrongType != null && wrongType.IsInstanceOfType(value))
            {
                throw new AssertFailedException("Assert.IsNotInstanceOfType failed. Wrong type:<" + Name(wrongType) + ">. " + message);
            }
        }

        public static void Contains(string expected, string value, string message = "")
        {
            if (expected == null || value == null || value.IndexOf(expected) < 0)
            {
                throw new AssertFailedException("Assert.Contains failed. <" + expected + "> not in <" + value + ">. " + message);
            }
        }

        public static void DoesNotContains(string expected, string value, string message = "")
        {
            if (expected != null && value != null && value.IndexOf(expected) >= 0)
            {
                throw new AssertFailedException("Assert.DoesNotContains failed. <" + expected + "> in <" + value + ">. " + message);
            }
        }

        public static void StartsWith(string expected, string value, string message = "")
        {
            if (expected == null || value == null || !value.StartsWith(expected))
            {
                throw new AssertFailedException("Assert.StartsWith failed. <" + value + "> does not start with <" + expected + ">. " + message);
            }
        }

        public static void EndsWith(string expected, string value, string message = "")
        {
            if (expected == null || value == null || !value.EndsWith(expected))
            {
                throw new AssertFailedException("Assert.EndsWith failed. <" + value + "> does not end with <" + expected + ">. " + message);
            }
        }

        /// <summary>Passes only if action throws exactly exceptionType (not a subclass), like the device framework.</summary>
        public static void ThrowsException(Type exceptionType, Action action, string message = "")
        {
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
                throw new AssertFailedException("Assert.ThrowsException failed. No exception thrown; expected <" + Name(exceptionType) + ">. " + message);
            }

            if (caught.GetType() != exceptionType)
            {
                throw new AssertFailedException("Assert.ThrowsException failed. Expected <" + Name(exceptionType) + ">, got <" +
                    caught.GetType().FullName + ">: " + caught.Message + ". " + message, caught);
            }
        }

        public static void SkipTest(string message = "")
        {
            throw new SkipTestException(message);
        }

        private static bool ObjectsEqual(object expected, object actual)
        {
            if (expected == null || actual == null)
            {
                return expected == null && actual == null;
            }

            return expected.Equals(actual);
        }

        private static void Fail(string assertion, object expected, object actual, string message)
        {
            throw new AssertFailedException("Assert." + assertion + " failed. Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. " + message);
        }

        private static string Show(object value)
        {
            return value == null ? "(null)" : value.ToString();
        }

        private static string Name(Type type)
        {
            return type == null ? "(null)" : type.FullName;
        }
    }
}
