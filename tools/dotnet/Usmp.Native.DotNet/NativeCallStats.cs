// Host only: counts native calls so a host benchmark can print native calls per frame.
// Every forwarding method of CryptoNative.Host.cs increments it exactly once.
using System.Threading;

namespace Usmp.Native
{
    public static class NativeCallStats
    {
        private static long _calls;

        public static long Calls
        {
            get { return Interlocked.Read(ref _calls); }
        }

        public static void Reset()
        {
            Interlocked.Exchange(ref _calls, 0);
        }

        internal static void Count()
        {
            Interlocked.Increment(ref _calls);
        }
    }
}
