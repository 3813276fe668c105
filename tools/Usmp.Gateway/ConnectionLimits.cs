// Counting for §9's max_connections (total) and max_connections_per_ip. Thread-safe.
using System.Net;

namespace Usmp.Gateway;

public sealed class ConnectionLimits(GatewayOptions options)
{
    private readonly Dictionary<IPAddress, int> _perIp = new();
    private readonly object _sync = new();
    private int _total;

    public int Total { get { lock (_sync) return _total; } }

    /// <summary>Takes a slot for ip, or returns the reason it cannot (null on success).</summary>
    public RefusalReason? TryAcquire(IPAddress ip)
    {
        lock (_sync)
        {
            if (_total >= options.MaxConnections) return RefusalReason.TooManyConnections;
            _perIp.TryGetValue(ip, out int n);
            if (n >= options.MaxConnectionsPerIp) return RefusalReason.TooManyPerIp;
            _perIp[ip] = n + 1;
            _total++;
            return null;
        }
    }

    public void Release(IPAddress ip)
    {
        lock (_sync)
        {
            if (!_perIp.TryGetValue(ip, out int n)) return;
            if (n <= 1) _perIp.Remove(ip); else _perIp[ip] = n - 1;
            _total--;
        }
    }
}
