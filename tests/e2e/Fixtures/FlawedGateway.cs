// A deliberately broken gateway for the conformance battery's own tests: OUR gateway (TCP and UDP,
// on 127.0.0.1) behind a Splice that adds one Flaw. The fixture's sockets toward our gateway are
// bound to the device's own source address (the battery uses 127.x.y.z per row), so our gateway's
// per-IP rules (limits, lockout, cookies) still see each device as itself.
using System.Net;
using System.Net.Sockets;
using Usmp.Cli.Conformance;
using Usmp.Gateway;

namespace Usmp.EndToEnd.Tests.Fixtures;

internal sealed class FlawedGateway : IAsyncDisposable
{
    private readonly TestGateway _inner;
    private readonly Socket _tcp = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Socket _udp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Dictionary<EndPoint, (Socket Back, Splice Splice)> _udpPeers = new();
    private readonly List<Socket> _open = new();
    private readonly Flaw _flaw;
    private volatile bool _stop;

    public FlawedGateway(Flaw flaw, GatewayOptions? options = null)
    {
        _flaw = flaw;
        _inner = new TestGateway(handler: new EchoHandler(), options: options);
        _tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _tcp.Listen(64);
        _udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        new Thread(AcceptLoop) { IsBackground = true }.Start();
        new Thread(UdpFrontLoop) { IsBackground = true }.Start();
    }

    public IPEndPoint Endpoint(Wire wire) => (IPEndPoint)(wire == Wire.Tcp ? _tcp.LocalEndPoint! : _udp.LocalEndPoint!);

    private Splice NewSplice() => new(TestGateway.Psk, _flaw);

    private void AcceptLoop()
    {
        while (!_stop)
        {
            Socket device;
            try { device = _tcp.Accept(); } catch (Exception) { return; }
            var back = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            back.Bind(new IPEndPoint(((IPEndPoint)device.RemoteEndPoint!).Address, 0));
            try { back.Connect(_inner.Tcp.LocalEndPoint); } catch (SocketException) { device.Close(); back.Dispose(); continue; }
            lock (_open) { _open.Add(device); _open.Add(back); }
            var splice = NewSplice();
            var sync = new object();
            new Thread(() => Pump(device, back, splice, sync, fromDevice: true)) { IsBackground = true }.Start();
            new Thread(() => Pump(back, device, splice, sync, fromDevice: false)) { IsBackground = true }.Start();
        }
    }

    // TCP: whole frames from one side through the splice; anything unframeable goes on as raw bytes.
    private static void Pump(Socket from, Socket other, Splice splice, object sync, bool fromDevice)
    {
        var buf = new List<byte>();
        byte[] chunk = new byte[4096];
        bool raw = false;
        try
        {
            while (true)
            {
                int n = from.Receive(chunk);
                if (n == 0) break;
                if (raw) { other.Send(chunk, n, SocketFlags.None); continue; }
                buf.AddRange(chunk.AsSpan(0, n).ToArray());
                while (buf.Count >= 12)
                {
                    int len = buf[8] | (buf[9] << 8);
                    if (buf[0] != 0xCD || buf[1] != 0xAB || len > 480) { raw = true; other.Send(buf.ToArray()); buf.Clear(); break; }
                    if (buf.Count < 12 + len) break;
                    byte[] f = buf.GetRange(0, 12 + len).ToArray();
                    buf.RemoveRange(0, 12 + len);
                    Splice.Out o;
                    lock (sync) o = fromDevice ? splice.FromDevice(f) : splice.FromGateway(f);
                    Socket device = fromDevice ? from : other, gateway = fromDevice ? other : from;
                    foreach (byte[] g in o.ToGateway) gateway.Send(g);
                    foreach (byte[] d in o.ToDevice) device.Send(d);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        try { other.Shutdown(SocketShutdown.Both); } catch (Exception) { }
        try { other.Close(); from.Close(); } catch (Exception) { }
    }

    // UDP: one socket toward our gateway per device address, bound to the device's IP.
    private void UdpFrontLoop()
    {
        byte[] buf = new byte[2048];
        while (!_stop)
        {
            EndPoint src = new IPEndPoint(IPAddress.Any, 0);
            int n;
            try { n = _udp.ReceiveFrom(buf, ref src); }
            catch (SocketException) { continue; }
            catch (ObjectDisposedException) { return; }
            byte[] d = buf[..n];
            (Socket Back, Splice Splice) peer;
            lock (_udpPeers)
            {
                if (!_udpPeers.TryGetValue(src, out peer))
                {
                    var back = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    back.Bind(new IPEndPoint(((IPEndPoint)src).Address, 0));
                    back.Connect(_inner.Udp.LocalEndPoint);
                    peer = (back, NewSplice());
                    _udpPeers[src] = peer;
                    var from = src;
                    new Thread(() => UdpBackLoop(peer.Back, peer.Splice, from)) { IsBackground = true }.Start();
                }
            }
            try
            {
                if (WireCodec.IsUtack(d))
                {
                    byte[]? u;
                    lock (peer.Splice) u = peer.Splice.UtackFromDevice(d);
                    if (u != null) peer.Back.Send(u);
                    continue;
                }
                Splice.Out o;
                lock (peer.Splice) o = peer.Splice.FromDevice(d);
                foreach (byte[] g in o.ToGateway) peer.Back.Send(g);
                foreach (byte[] x in o.ToDevice) _udp.SendTo(x, src);
            }
            catch (SocketException) { }
        }
    }

    private void UdpBackLoop(Socket back, Splice splice, EndPoint device)
    {
        byte[] buf = new byte[2048];
        while (!_stop)
        {
            int n;
            try { n = back.Receive(buf); }
            catch (SocketException) { continue; }
            catch (ObjectDisposedException) { return; }
            byte[] d = buf[..n];
            try
            {
                if (WireCodec.IsUtack(d)) { lock (splice) _udp.SendTo(splice.UtackFromGateway(d), device); continue; }
                Splice.Out o;
                lock (splice) o = splice.FromGateway(d);
                foreach (byte[] x in o.ToDevice) _udp.SendTo(x, device);
            }
            catch (SocketException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop = true;
        _tcp.Dispose();
        _udp.Dispose();
        lock (_open) foreach (var s in _open) s.Dispose();
        lock (_udpPeers) foreach (var p in _udpPeers.Values) p.Back.Dispose();
        await _inner.DisposeAsync();
    }
}
