// Turns the host and port given to UsmpClient.CreateTcp/CreateUdp into an EndPoint: a dotted
// IPv4 address is parsed, anything else goes through DNS (nanoFramework: 30 s resolver wait).
// Runs once per client, before any session; allocation here is fine. No secrets.
using System;
using System.Net;

namespace Usmp
{
    internal static class EndPointResolver
    {
        /// <summary>ArgumentNullException for no host, ArgumentOutOfRangeException for a port outside 1..65535.</summary>
        public static EndPoint Resolve(string host, int port)
        {
            if (host == null)
            {
                throw new ArgumentNullException("host");
            }
            if (port <= 0 || port > 65535)
            {
                throw new ArgumentOutOfRangeException("port");
            }
            IPAddress address;
            if (!IsDottedIPv4(host))
            {
                address = Dns.GetHostEntry(host).AddressList[0];
            }
            else
            {
                address = IPAddress.Parse(host);
            }
            return new IPEndPoint(address, port);
        }

        private static bool IsDottedIPv4(string host)
        {
            if (host.Length == 0)
            {
                return false;
            }
            for (int i = 0; i < host.Length; i++)
            {
                char c = host[i];
                if (c != '.' && (c < '0' || c > '9'))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
