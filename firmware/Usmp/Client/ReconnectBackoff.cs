// Delay between reconnect attempts: capped exponential backoff with "equal jitter".
//
//   ceiling(n) = min(MaxDelayMs, BaseDelayMs * 2^n)        n = attempts made so far
//   delay(n)   = ceiling(n) / 2 + uniform[0, ceiling(n) - ceiling(n) / 2]
//
// so every delay lies in [ceiling/2, ceiling]: never a synchronized thundering herd of devices
// after a gateway restart, never a zero wait. The random source is the caller's (options), so a
// test with a fixed source gets a fixed sequence. The spec leaves reconnect policy to the device
// (§11: usmp_reconnect has no timing rule); these are implementation choices.
using System;

namespace Usmp
{
    public sealed class ReconnectBackoff
    {
        private readonly int _baseDelayMs;
        private readonly int _maxDelayMs;
        private readonly IRandomSource _random;
        private readonly byte[] _randomBytes = new byte[4];
        private int _attempts;

        public ReconnectBackoff(int baseDelayMs, int maxDelayMs, IRandomSource random)
        {
            if (baseDelayMs <= 0)
            {
                throw new ArgumentOutOfRangeException("baseDelayMs");
            }
            if (maxDelayMs < baseDelayMs)
            {
                throw new ArgumentOutOfRangeException("maxDelayMs");
            }
            if (random == null)
            {
                throw new ArgumentNullException("random");
            }
            _baseDelayMs = baseDelayMs;
            _maxDelayMs = maxDelayMs;
            _random = random;
        }

        // Attempts whose delay has been handed out since the last Reset.
        public int Attempts { get { return _attempts; } }

        // The upper bound of the next delay.
        public int CeilingMs
        {
            get
            {
                long ceiling = _baseDelayMs;
                for (int i = 0; i < _attempts && ceiling < _maxDelayMs; i++)
                {
                    ceiling *= 2;
                }
                return ceiling > _maxDelayMs ? _maxDelayMs : (int)ceiling;
            }
        }

        public int NextDelayMs()
        {
            int ceiling = CeilingMs;
            int floor = ceiling / 2;
            int delay = floor + UniformUpTo(ceiling - floor);
            _attempts++;
            return delay;
        }

        // After a successful connect.
        public void Reset()
        {
            _attempts = 0;
        }

        // Uniform in [0, max] (modulo bias below 2^-20 for any max under 4096 s: irrelevant here).
        private int UniformUpTo(int max)
        {
            _random.GetBytes(_randomBytes, 0, 4);
            uint value = (uint)(_randomBytes[0] | (_randomBytes[1] << 8) | (_randomBytes[2] << 16) | (_randomBytes[3] << 24));
            return (int)(value % (uint)(max + 1));
        }
    }
}
