// The battery's own lossy UDP link (§8 row "ARQ over a lossy link"): the device talks to Endpoint,
// datagrams go on to the gateway and back, and each one is dropped (10 %), sent twice (5 %) or held
// back behind the next one (5 %), from a fixed seed so a failing run can be repeated. One device.
using System.Net;
using System.Net.Sockets;

namespace Usmp.Cli.Conformance;

internal sealed class LossyLink : IDisposable
{
    private readonly Socket _front = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _back = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Random _rng;
    private readonly Thread[] _pumps;
    private readonly byte[]?[] _held = new byte[]?[2];
    private volatile bool _stop;
    private EndPoint? _device;
    public int Dropped, Duplicated, Reordered;

    public LossyLink(IPEndPoint gateway, int seed)
    {
        _rng = new Random(seed);
        _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _back.Bind(new IPEndPoint(IPAddress.IsLoopback(gateway.Address) ? IPAddress.Loopback : IPAddress.Any, 0));
        _back.Connect(gateway);
        _pumps = [new Thread(() => Pump(_front, up: true)) { IsBackground = true }, new Thread(() => Pump(_back, up: false)) { IsBackground = true }];
        foreach (var p in _pumps) p.Start();
    }

    public IPEndPoint Endpoint => (IPEndPoint)_front.LocalEndPoint!;

    private void Pump(Socket from, bool up)
    {
        byte[] buf = new byte[2048];
        while (!_stop)
        {
            try
            {
                if (!from.Poll(100_000, SelectMode.SelectRead)) continue;
                EndPoint src = new IPEndPoint(IPAddress.Any, 0);
                int n = from.ReceiveFrom(buf, ref src);
                if (up) _device = src;
                foreach (byte[] d in Decide(buf[..n], up ? 0 : 1))
                {
                    if (up) _back.Send(d);
                    else if (_device != null) _front.SendTo(d, _device);
                }
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { return; }
        }
    }

    // Nothing (drop), the datagram twice (duplicate), or hold it and release it after the next one (reorder).
    private List<byte[]> Decide(byte[] d, int way)
    {
        var output = new List<byte[]>();
        lock (_rng)
        {
            double roll = _rng.NextDouble();
            if (roll < 0.10) Dropped++;
            else if (roll < 0.15 && _held[way] == null) { _held[way] = d; Reordered++; return output; }
            else
            {
                output.Add(d);
                if (_rng.NextDouble() < 0.05) { output.Add(d); Duplicated++; }
            }
            if (_held[way] is { } h) { output.Add(h); _held[way] = null; }
        }
        return output;
    }

    public void Dispose()
    {
        _stop = true;
        foreach (var p in _pumps) p.Join(500);
        _front.Dispose();
        _back.Dispose();
    }
}
