// ReconnectPolicy: the client library's one reconnect policy (UsmpClient.ConnectWithRetry and the
// device app's DeviceLoop both follow it). Bounded runs, the waits between attempts, what is retried.
using System;
using nanoFramework.TestFramework;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class ReconnectPolicyTests
    {
        private static int s_calls;
        private static int s_failFirst;
        private static int s_waited;
        private static int s_waits;

        private static ReconnectPolicy NewPolicy(int maxAttempts)
        {
            UsmpClientOptions options = new UsmpClientOptions();
            options.ReconnectBaseDelayMs = 100;
            options.ReconnectMaxDelayMs = 1000;
            options.ReconnectMaxAttempts = maxAttempts;
            options.Random = new FixedRandomSource(new byte[] { 0 });   // jitter 0: each delay is ceiling / 2
            s_calls = 0;
            s_waited = 0;
            s_waits = 0;
            return new ReconnectPolicy(options);
        }

        private static void FailingAttempt()
        {
            s_calls++;
            if (s_calls <= s_failFirst)
            {
                throw new TransportException("gateway down");
            }
        }

        private static void Wait(int ms)
        {
            s_waits++;
            s_waited += ms;
        }

        [TestMethod]
        public void Run_retries_until_an_attempt_succeeds_and_resets_the_delays()
        {
            ReconnectPolicy policy = NewPolicy(5);
            s_failFirst = 2;
            int made = policy.Run(FailingAttempt, Wait);
            Assert.AreEqual(3, made);
            Assert.AreEqual(2, s_waits, "one wait between each two attempts");
            Assert.AreEqual(50 + 100, s_waited, "ceilings 100, 200 ms, halved (zero jitter)");
            Assert.AreEqual(0, policy.Backoff.Attempts, "the delays start over after a success");
        }

        [TestMethod]
        public void Run_gives_up_after_MaxAttempts_with_the_last_error()
        {
            ReconnectPolicy policy = NewPolicy(3);
            s_failFirst = 100;
            Assert.ThrowsException(typeof(TransportException), () => policy.Run(FailingAttempt, Wait));
            Assert.AreEqual(3, s_calls);
            Assert.AreEqual(2, s_waits);
        }

        [TestMethod]
        public void Run_does_not_retry_a_programming_error()
        {
            ReconnectPolicy policy = NewPolicy(5);
            Assert.ThrowsException(typeof(ArgumentException), () => policy.Run(() => { s_calls++; throw new ArgumentException("bad"); }, Wait));
            Assert.AreEqual(1, s_calls);
            Assert.AreEqual(0, s_waits);
        }

        [TestMethod]
        public void Step_api_hands_out_growing_delays_until_Succeeded()
        {
            ReconnectPolicy policy = NewPolicy(1);
            Assert.AreEqual(50, policy.NextDelayMs());
            Assert.AreEqual(100, policy.NextDelayMs());
            policy.Succeeded();
            Assert.AreEqual(50, policy.NextDelayMs());
        }
    }
}
