// UsmpClient's reconnect API, the library's one reconnect policy (ReconnectPolicy) applied to this
// client's Connect. Split from UsmpClient.cs; same class.
using System.Threading;

namespace Usmp
{
    public sealed partial class UsmpClient
    {
        private ReconnectPolicy _reconnect;

        /// <summary>The policy ConnectWithRetry and Reconnect follow (from this client's options).</summary>
        public ReconnectPolicy ReconnectPolicy
        {
            get
            {
                if (_reconnect == null)
                {
                    _reconnect = new ReconnectPolicy(_options);
                }
                return _reconnect;
            }
        }

        /// <summary>Delays handed out by ConnectWithRetry since its last success (tests, diagnostics).</summary>
        public ReconnectBackoff Backoff { get { return ReconnectPolicy.Backoff; } }

        /// <summary>
        /// Connect, retried with ReconnectBackoff delays, at most ReconnectMaxAttempts times; returns
        /// the attempts made. Throws the last attempt's exception when every attempt failed. The
        /// Reconnect* options are read when the policy is first used.
        /// </summary>
        public int ConnectWithRetry()
        {
            return ReconnectPolicy.Run(Connect, Thread.Sleep);
        }

        /// <summary>Ends the current session (courtesy BYE) and connects again with backoff.</summary>
        public void Reconnect()
        {
            Close();
            ConnectWithRetry();
        }
    }
}
