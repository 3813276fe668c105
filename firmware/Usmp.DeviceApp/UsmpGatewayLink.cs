// IGatewayLink over the USMP client library: every Connect builds a fresh transport from the
// factory and a fresh UsmpClient (its handshake and session state start clean; the old client's
// keys were wiped by its Close). Everything else forwards to UsmpClient.
using System;

namespace Usmp.DeviceApp
{
    public sealed class UsmpGatewayLink : IGatewayLink
    {
        private readonly UsmpClientOptions _options;
        private readonly ITransportFactory _factory;
        private UsmpClient _client;

        public UsmpGatewayLink(UsmpClientOptions options, ITransportFactory factory)
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

        public bool IsConnected
        {
            get { return _client != null && _client.IsConnected; }
        }

        public void Connect()
        {
            Close();
            UsmpClient client = new UsmpClient(_options, _factory.Create());
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
            }
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
