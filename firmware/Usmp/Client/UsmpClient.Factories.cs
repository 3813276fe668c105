// UsmpClient's factories over real sockets, and its test seams (InternalsVisibleTo NFUnitTest).
// Split from UsmpClient.cs to keep each file short; same class.
namespace Usmp
{
    public sealed partial class UsmpClient
    {
        // ---- factories ----

        public static UsmpClient CreateTcp(string host, int port, UsmpClientOptions options)
        {
            UsmpClientOptions.RequireValid(options);
            TcpTransport transport = new TcpTransport(EndPointResolver.Resolve(host, port), options.ConnectTimeoutMs, new SystemClock());
            transport.SendTimeoutMs = options.SendTimeoutMs;
            return new UsmpClient(options, transport);
        }

        public static UsmpClient CreateUdp(string host, int port, UsmpClientOptions options)
        {
            UsmpClientOptions.RequireValid(options);
            return new UsmpClient(options, new UdpTransport(new SocketDatagramLink(EndPointResolver.Resolve(host, port)), new SystemClock()));
        }

        // ---- test access (InternalsVisibleTo NFUnitTest) ----

        // The handed-over keys of the current or last session: the session id only (the Session
        // copied the keys into its first key epoch and wiped them here); all zero once it ended.
        internal SessionKeys KeysForTests { get { return _keys; } }

        internal Session SessionForTests { get { return _session; } }

        // The current or last session, kept after it ended so tests can check its key epochs are wiped.
        internal Session LastSessionForTests { get { return _lastSession; } }
    }
}
