// Host stand-in for nanoFramework.TestFramework.CollectionAssert (package source/TestFramework/CollectionAssert.cs):
// element-wise object.Equals comparison of two ICollections (byte[] is one); the same reference (also two
// nulls) is equal; Empty/NotEmpty fail on a null collection. nanoFramework-compatible C#.
using System;
using System.Collections;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    public sealed class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, string message = "")
        {
            string reason = Difference(expected, actual);
            if (reason != null)
            {
                throw new AssertFailedException("CollectionAssert.AreEqual failed. " + reason + " " + message);
            }
        }

        public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "")
        {
            if (Difference(notExpected, actual) == null)
            {
                throw new AssertFailedException("CollectionAssert.AreNotEqual failed. The collections are equal. " + message);
            }
        }

        public static void Empty(ICollection collection, string message = "")
        {
            if (collection == null || collection.Count != 0)
            {
                throw new AssertFailedException("CollectionAssert.Empty failed. " + message);
            }
        }

        public static void NotEmpty(ICollection collection, string message = "")
        {
            if (collection == null || collection.Count == 0)
            {
                throw new AssertFailedException("CollectionAssert.NotEmpty failed. " + message);
            }
        }

        /// <summary>Null when equal, otherwise a description of the first difference.</summary>
        private static string Difference(ICollection expected, ICollection actual)
        {
            if (expected == null || actual == null)
            {
                return expected == null && actual == null ? null : "One collection is null.";
            }

            if (expected.Count != actual.Count)
            {
                return "Count differs: expected " + expected.Count + ", actual " + actual.Count + ".";
            }

            IEnumerator e = expected.GetEnumerator();
            IEnumerator a = actual.GetEnumerator();
            int index = 0;
            while (e.MoveNext() && a.MoveNext())
            {
                object x = e.Current;
                object y = a.Current;
                bool same = x == null ? y == null : x.Equals(y);
                if (!same)
                {
                    return "Element " + index + " differs: expected <" + x + ">, actual <" + y + ">.";
                }

                index++;
            }

            return null;
        }
    }
}
