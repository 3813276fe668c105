// Compiled snippets for the analyzer's self-test (AnalyzerSelfTests): a tiny "per-frame path"
// with one reachable literal and each kind of cold code the analyzer must skip. Never run.
using System;

namespace Usmp.PerFrame.Tests.Fixtures
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class ColdPathAttribute : Attribute
    {
    }

    public interface ISink
    {
        void Put(int value);
    }

    public sealed class HotPath
    {
        public static string Text;
        public static object Boxed;
        private readonly ISink _sink = new BoxingSink();

        // The root.
        public void Send(byte[] data)
        {
            Check(data);
            Helper.Log(data.Length);
            _sink.Put(data.Length);
            try
            {
                Text = null;
            }
            catch (InvalidOperationException)
            {
                Text = "in a catch block";            // cold: runs only after a throw
            }
            if (data.Length == 0)
            {
                Report();
            }
        }

        private static void Check(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");   // cold: every path from here throws
            }
            if (data.Length > 10)
            {
                ThrowTooLong(data.Length);
            }
        }

        private static void ThrowTooLong(int length)
        {
            Text = "too long: " + length.ToString();   // cold: a Throw* method is not entered
            throw new ArgumentException(Text);
        }

        [ColdPath]
        private static void Report()
        {
            Text = "marked cold";                    // cold: [ColdPath] method is not entered
        }

        public static void NeverCalled()
        {
            Text = "unreachable";
        }
    }

    internal static class Helper
    {
        public static void Log(int length)
        {
            HotPath.Text = "plaintext";              // THE reachable literal
            HotPath.Text = nameof(Log);              // nameof compiles to ldstr
            HotPath.Text = length.ToString();        // string building without a literal
            byte[] scratch = new byte[4];            // newarr
            scratch[0] = 1;
        }
    }

    internal sealed class BoxingSink : ISink
    {
        public void Put(int value)
        {
            HotPath.Boxed = value;                   // box, reached through an interface call
        }
    }
}
