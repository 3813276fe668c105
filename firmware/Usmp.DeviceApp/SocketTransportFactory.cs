// ITransportFactory for the real gateway: resolves gateway_host on every attempt (DNS may have
// changed, or the first lookup may have failed) and builds the TCP or UDP transport of
// firmware/Usmp/Transport.
using System;
using System.Net;

namespace Usmp.DeviceApp
{
    public sealed class SocketTransportFactory : ITransportFactory
    {
        private readonly DeviceConfig _config;
        private readonly int _connectTimeoutMs;
        private readonly IClock _clock;

        public SocketTransportFactory(DeviceConfig config, int connectTimeoutMs, IClock clock)
        {
            if (config == null || clock == null)
            {
                throw new ArgumentNullException(config == null ? "config" : "clock");
            }
            _config = config;
            _connectTimeoutMs = connectTimeoutMs;
            _clock = clock;
        }

        public IFrameTransport Create()
        {
            EndPoint remote = new IPEndPoint(Resolve(_config.GatewayHost), _config.GatewayPort);
            if (_config.Transport == GatewayTransport.Udp)
            {
                return new UdpTransport(new SocketDatagramLink(remote), _clock);
            }
            return new TcpTransport(remote, _connectTimeoutMs, _clock);
        }

        private static IPAddress Resolve(string host)
        {
            if (IsDottedIPv4(host))
            {
                return IPAddress.Parse(host);
            }
            IPAddress[] addresses = Dns.GetHostEntry(host).AddressList;
            if (addresses == null || addresses.Length == 0)
            {
                throw new TransportException("DNS returned no address for " + host);
            }
            return addresses[0];
        }

        private static bool IsDottedIPv4(string host)
        {
            for (int i = 0; i < host.Length; i++)
            {
                char c = host[i];
                if (c != '.' && (c < '0' || c > '9'))
                {
                    return false;
                }
            }
            return host.Length > 0;
        }
    }
}
