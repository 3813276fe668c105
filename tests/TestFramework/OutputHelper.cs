// Host stand-in for nanoFramework.TestFramework.OutputHelper: test output goes to the console,
// as on the device, where it goes to the debug channel next to the launcher's result lines.
using System;

namespace nanoFramework.TestFramework
{
    public static class OutputHelper
    {
        public static void Write(string message)
        {
            Console.Write(message);
        }

        public static void WriteLine(string message)
        {
            Console.WriteLine(message);
        }
    }
}
