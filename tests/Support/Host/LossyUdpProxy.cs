// An in-process lossy UDP proxy for tests and the conformance battery: a device talks to
// Endpoint, the proxy forwards to the gateway and back, dropping, duplicating and reordering
// datagrams with a deterministic seed. One device (the last source seen) at a time.
#nullable enable
using System.Net;
using System.Net.Sockets;

namespace Usmp.TestSupport;

public sealed class LossyUdpProxy : IAsyncDisposable
{
    private readonly Socket _front;   // faces the device
    private readonly Socket _back;    // faces the gateway
    private readonly IPEndPoint _target;
    private readonly Random _rng;
    private readonly object _rngSync = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _up, _down;
    private IPEndPoint? _device;
    private byte[]? _heldUp, _heldDown;

    public LossyUdpProxy(IPEndPoint target, int seed, double drop = 0.10, double duplicate = 0.05, double reorder = 0.05)
    {
        _target = target;
        _rng = new Random(seed);
        Drop = drop; Duplicate = duplicate; Reorder = reorder;
        _front = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _back = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _back.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _up = Task.Run(() => PumpAsync(_front, toGateway: true));
        _down = Task.Run(() => PumpAsync(_back, toGateway: false));
    }

    public IPEndPoint Endpoint => (IPEndPoint)_front.LocalEndPoint!;
    public double Drop { get; set; }
    public double Duplicate { get; set; }
    public double Reorder { get; set; }
    public long Forwarded, Dropped, Duplicated, Reordered;

    private async Task PumpAsync(Socket from, bool toGateway)
    {
        byte[] buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try { r = await from.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (SocketException) { continue; }
            if (toGateway) _device = (IPEndPoint)r.RemoteEndPoint;
            byte[] datagram = buffer.AsSpan(0, r.ReceivedBytes).ToArray();
            foreach (byte[] d in Decide(datagram, toGateway)) await ForwardAsync(d, toGateway);
        }
    }

    // What goes out for one datagram in: nothing (drop), it twice (duplicate), or it and then a
    // held-back earlier one (reorder: the earlier datagram is released after this one).
    private List<byte[]> Decide(byte[] d, bool up)
    {
        var outgoing = new List<byte[]>();
        lock (_rngSync)
        {
            ref byte[]? held = ref (up ? ref _heldUp : ref _heldDown);
            double roll = _rng.NextDouble();
            if (roll < Drop) { Interlocked.Increment(ref Dropped); }
            else if (roll < Drop + Reorder && held == null) { held = d; Interlocked.Increment(ref Reordered); return outgoing; }
            else
            {
                outgoing.Add(d);
                if (_rng.NextDouble() < Duplicate) { outgoing.Add(d); Interlocked.Increment(ref Duplicated); }
            }
            if (held != null) { outgoing.Add(held); held = null; }
        }
        return outgoing;
    }

    private async Task ForwardAsync(byte[] d, bool toGateway)
    {
        try
        {
            if (toGateway) await _back.SendToAsync(d, SocketFlags.None, _target);
            else if (_device != null) await _front.SendToAsync(d, SocketFlags.None, _device);
            Interlocked.Increment(ref Forwarded);
        }
        catch (SocketException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _front.Close();
        _back.Close();
        try { await Task.WhenAll(_up, _down); } catch { }
    }
}
