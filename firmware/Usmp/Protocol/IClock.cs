// A monotonic-enough millisecond clock for keepalive, flood windows and timeouts.
// Injected so tests can drive time by hand.
using System;

namespace Usmp
{
    public interface IClock
    {
        /// <summary>Milliseconds since an arbitrary fixed point; only differences matter.</summary>
        long NowMilliseconds { get; }
    }

    /// <summary>DateTime.UtcNow in milliseconds (nanoFramework has no Environment.TickCount64).</summary>
    public sealed class SystemClock : IClock
    {
        public long NowMilliseconds
        {
            get { return DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond; }
        }
    }
}
