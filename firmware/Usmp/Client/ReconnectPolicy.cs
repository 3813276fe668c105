// The client library's one reconnect policy (the spec leaves it to the device, §11): connect
// attempts separated by ReconnectBackoff delays (capped exponential, equal jitter), the delays
// start over after a success. Configured from UsmpClientOptions (ReconnectBaseDelayMs,
// ReconnectMaxDelayMs, ReconnectMaxAttempts, Random).
//
// Two ways to use it, one policy:
//   - Run(attempt, sleep): a bounded run, at most MaxAttempts attempts, the last error rethrown
//     (UsmpClient.ConnectWithRetry / Reconnect, the soak, tests, a PC tool);
//   - Succeeded() / NextDelayMs(): a loop that never gives up and does other work between attempts
//     (the device app's DeviceLoop checks Wi-Fi, logs each failure and can be stopped).
using System;

namespace Usmp
{
    /// <summary>One connect attempt: returns when connected, throws a UsmpException when not.</summary>
    public delegate void ConnectAttempt();

    /// <summary>How the policy waits between attempts (Thread.Sleep on a device; a fake clock in tests).</summary>
    public delegate void RetryWait(int milliseconds);

    public sealed class ReconnectPolicy
    {
        private readonly ReconnectBackoff _backoff;
        private readonly int _maxAttempts;

        public ReconnectPolicy(UsmpClientOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException("options");
            }
            _backoff = new ReconnectBackoff(options.ReconnectBaseDelayMs, options.ReconnectMaxDelayMs, options.Random);
            _maxAttempts = options.ReconnectMaxAttempts;
            if (_maxAttempts < 1)
            {
                throw new ArgumentOutOfRangeException("options");
            }
        }

        /// <summary>The delays handed out since the last success (tests, diagnostics).</summary>
        public ReconnectBackoff Backoff { get { return _backoff; } }

        /// <summary>Attempts Run makes before it gives up (>= 1).</summary>
        public int MaxAttempts { get { return _maxAttempts; } }

        /// <summary>
        /// Calls attempt until it returns, waiting NextDelayMs() between failures; at most MaxAttempts
        /// attempts, then the last attempt's UsmpException is rethrown. Other exceptions pass through
        /// at once (an argument error does not get better by waiting). Returns the attempts made.
        /// </summary>
        public int Run(ConnectAttempt attempt, RetryWait wait)
        {
            if (attempt == null || wait == null)
            {
                throw new ArgumentNullException(attempt == null ? "attempt" : "wait");
            }
            for (int made = 1; ; made++)
            {
                try
                {
                    attempt();
                    Succeeded();
                    return made;
                }
                catch (UsmpException)
                {
                    if (made >= _maxAttempts)
                    {
                        throw;
                    }
                }
                wait(NextDelayMs());
            }
        }

        /// <summary>A connect succeeded: the next failure waits the shortest delay again.</summary>
        public void Succeeded()
        {
            _backoff.Reset();
        }

        /// <summary>The wait before the next attempt (after a failed attempt or a lost session).</summary>
        public int NextDelayMs()
        {
            return _backoff.NextDelayMs();
        }
    }
}
