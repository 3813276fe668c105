// IGatewayConnection over the USMP client library: every Connect builds a fresh transport from the
// factory and a fresh UsmpClient (its handshake and session state start clean; the old client's
// keys were wiped by its Close). Everything else forwards to UsmpClient.
// Diagnostics (issue 13): with Log set, each client's log hook writes to it at LogLevel
// (connected, rekeyed, retransmissions, drops with reason, closed), and when a session's client is
// let go its counters are written as one line ("usmp stats: ...").
using System;

namespace Usmp.DeviceApp
{
    public sealed class UsmpGatewayConnection : IGatewayConnection
    {
        private readonly UsmpClientOptions _options;
        private readonly ITransportFactory _factory;
        private UsmpClient _client;
        private UsmpLogLevel _logLevel = UsmpLogLevel.Info;

        public UsmpGatewayConnection(UsmpClientOptions options, ITransportFactory factory)
        {
            if (options == null)
            {
                throw new ArgumentNullException("options");
            }
            if (factory == null)
            {
                throw new ArgumentNullException("factory");
            }
            options.Validate();
            _options = options;
            _factory = factory;
        }

        /// <summary>Where the client's diagnostics go (null = nowhere).</summary>
        public IDeviceLog Log { get; set; }

        /// <summary>The client's log level (usmp_set_log_level); Info by default, Debug logs every message.</summary>
        public UsmpLogLevel LogLevel
        {
            get { return _logLevel; }
            set { _logLevel = value; }
        }

        /// <summary>The current client's counters, or null when not connected.</summary>
        public UsmpCounters Counters
        {
            get { return _client != null ? _client.Counters : null; }
        }

        public bool IsConnected
        {
            get { return _client != null && _client.IsConnected; }
        }

        public void Connect()
        {
            Close();
            UsmpClient client = new UsmpClient(_options, _factory.Create());
            IDeviceLog log = Log;
            if (log != null)
            {
                client.LogLevel = _logLevel;
                client.LogHandler = (level, tag, message) => log.Write(tag + ": " + message);
            }
            client.Connect();
            _client = client;
        }

        public void Send(byte[] data, int offset, int count)
        {
            RequireClient().Send(data, offset, count);
        }

        public bool TryReceive(byte[] buffer, int offset, int timeoutMs, out int length)
        {
            return RequireClient().TryReceive(buffer, offset, timeoutMs, out length);
        }

        public void Rekey()
        {
            RequireClient().Rekey();
        }

        public bool KeepaliveTick()
        {
            UsmpClient client = _client;
            return client != null && client.KeepaliveTick();
        }

        public void Close()
        {
            UsmpClient client = _client;
            _client = null;
            if (client != null)
            {
                try
                {
                    client.Close();
                }
                catch (Exception)
                {
                    // Close is best effort: the client wipes its keys before anything can throw.
                }
                WriteStats(client.Counters);
            }
        }

        // One line per session, built only when there is a log.
        private void WriteStats(UsmpCounters c)
        {
            IDeviceLog log = Log;
            if (log == null || _logLevel < UsmpLogLevel.Info)
            {
                return;
            }
            log.Write("usmp stats: sent " + c.MessagesSent.ToString() + " msgs/" + c.FramesSent.ToString() + " frames/" + c.BytesSent.ToString()
                + " B, received " + c.MessagesReceived.ToString() + " msgs/" + c.FramesReceived.ToString() + " frames/" + c.BytesReceived.ToString()
                + " B, retransmissions " + c.Retransmissions.ToString() + ", dropped " + c.FramesDropped.ToString()
                + " (bad tag " + c.DroppedBadTag.ToString() + ", replay " + c.DroppedReplay.ToString() + ", stale " + c.DroppedStale.ToString()
                + ", malformed " + c.DroppedMalformed.ToString() + ", other " + (c.DroppedOverflow + c.DroppedProtocol).ToString()
                + "), rekeys " + c.Rekeys.ToString());
        }

        private UsmpClient RequireClient()
        {
            UsmpClient client = _client;
            if (client == null)
            {
                throw new NotConnectedException("gateway link is not connected");
            }
            return client;
        }
    }
}
