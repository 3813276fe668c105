// Code for WeaverTests: each method exercises one thing the weaver must count exactly, including
// the IL shapes that break naive weaving (a branch straight into a call's last argument, a loop
// back to the first instruction, a constrained. prefix, a copy inside a try block).
using System;

namespace Usmp.PerFrame.Tests.WeaveFixtures
{
    public static class Counted
    {
        public static int CopyEither(byte[] source, byte[] destination, bool big)
        {
            Array.Copy(source, 0, destination, 0, big ? 8 : 4);   // the ?: joins right at the call
            return destination[0];
        }

        public static int CountDown(int n)
        {
            do
            {
                n--;
            }
            while (n > 0);                                        // loops back to the first instruction
            return n;
        }

        public static string Literal(bool which)
        {
            return which ? "yes" : "no";
        }

        public static void ByteLoop(byte[] source, byte[] destination)
        {
            for (int i = 0; i < source.Length; i++)
            {
                destination[i] = source[i];
            }
        }

        public static int IntsGuarded(int[] source, int[] destination)
        {
            try
            {
                Array.Copy(source, destination, 3);
            }
            catch (ArgumentException)
            {
                return -1;
            }
            return destination[2];
        }

        public static string Name<T>(T value)
        {
            return value.ToString();                              // constrained. callvirt
        }

        public static int Outer(int n)
        {
            return Inner(n) + Inner(n + 1);
        }

        private static int Inner(int n)
        {
            return n * 2;
        }
    }
}
