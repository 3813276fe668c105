// The UDP attacker in the middle on 127.0.0.1: one front socket for the devices; per device
// address a back socket towards the gateway (so the gateway sees one address per device, as it
// would through a NAT), relaying datagrams both ways through the policy. A delayed datagram is
// sent later without holding up the ones behind it (so a delay reorders).
using System.Net;
using System.Net.Sockets;

namespace Usmp.Adversarial;

public sealed class UdpAttackProxy : IAsyncDisposable
{
    private readonly Socket _front;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<IPEndPoint, UdpFlow> _byDevice = new();
    private readonly List<UdpFlow> _flows = new();
    private readonly Task _frontLoop;

    public UdpAttackProxy(IPEndPoint target, IProxyPolicy? policy = null)
    {
        Target = target;
        Policy = policy ?? PassPolicy.Instance;
        _front = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _front.ReceiveBufferSize = 4 << 20;
        _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _frontLoop = Task.Run(FrontLoopAsync);
    }

    public IPEndPoint Endpoint => (IPEndPoint)_front.LocalEndPoint!;
    public IPEndPoint Target { get; set; }
    public IProxyPolicy Policy { get; set; }
    /// <summary>Keep every flow's packet history (attacks replay from it); the soak turns it off.</summary>
    public bool KeepHistory { get; init; } = true;
    public IReadOnlyList<ProxyFlow> Flows { get { lock (_flows) return _flows.ToArray(); } }
    public long DatagramsSeen;
    public List<Exception> Faults { get; } = new();

    private async Task FrontLoopAsync()
    {
        byte[] buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try { r = await _front.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (SocketException) { continue; }
            catch (ObjectDisposedException) { return; }
            var from = (IPEndPoint)r.RemoteEndPoint;
            UdpFlow flow;
            lock (_flows)
            {
                if (!_byDevice.TryGetValue(from, out flow!))
                {
                    flow = new UdpFlow(this, _flows.Count, from) { KeepHistory = KeepHistory };
                    _byDevice[from] = flow;
                    _flows.Add(flow);
                    flow.Start();
                }
            }
            flow.OnDatagram(Direction.ToGateway, buffer.AsSpan(0, r.ReceivedBytes).ToArray());
        }
    }

    internal void Fault(Exception e) { lock (Faults) Faults.Add(e); }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _front.Close();
        try { await _frontLoop; } catch { }
        foreach (var f in Flows) f.Close();
    }

    private sealed class UdpFlow : ProxyFlow
    {
        private readonly UdpAttackProxy _proxy;
        private readonly IPEndPoint _device;
        private readonly Socket _back;
        private readonly bool[] _stalled = new bool[2];
        private readonly object _decide = new();

        public UdpFlow(UdpAttackProxy proxy, int id, IPEndPoint device) : base(id, ProxyWire.Udp)
        {
            _proxy = proxy; _device = device;
            _back = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _back.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }

        public void Start() => _ = Task.Run(BackLoopAsync);

        private async Task BackLoopAsync()
        {
            byte[] buffer = new byte[65536];
            EndPoint any = new IPEndPoint(IPAddress.Any, 0);
            while (!IsClosed)
            {
                SocketReceiveFromResult r;
                try { r = await _back.ReceiveFromAsync(buffer, SocketFlags.None, any); }
                catch (SocketException) { if (IsClosed) return; continue; }
                catch (ObjectDisposedException) { return; }
                OnDatagram(Direction.ToDevice, buffer.AsSpan(0, r.ReceivedBytes).ToArray());
            }
        }

        public void OnDatagram(Direction direction, byte[] datagram)
        {
            if (IsClosed) return;
            Interlocked.Increment(ref _proxy.DatagramsSeen);
            Verdict verdict;
            lock (_decide)
            {
                Packet packet = Record(direction, datagram);
                if (_stalled[(int)direction]) return;
                try { verdict = _proxy.Policy.Decide(packet, this); }
                catch (Exception e) { _proxy.Fault(e); verdict = Verdict.Pass(packet); }
                if (verdict.After is AfterVerdict.Stall or AfterVerdict.Freeze) _stalled[(int)direction] = true;
            }
            Direction back = direction == Direction.ToGateway ? Direction.ToDevice : Direction.ToGateway;
            if (verdict.DelayMs > 0)
            {
                _ = Task.Run(async () =>
                {
                    await Task.Delay(verdict.DelayMs);
                    foreach (byte[] b in verdict.EmitBack) Send(back, b);
                    foreach (byte[] b in verdict.Emit) Send(direction, b);
                });
            }
            else
            {
                foreach (byte[] b in verdict.EmitBack) Send(back, b);
                foreach (byte[] b in verdict.Emit) Send(direction, b);
            }
            if (verdict.After == AfterVerdict.Close) Close();
        }

        private void Send(Direction towards, byte[] bytes)
        {
            if (IsClosed) return;
            try
            {
                if (towards == Direction.ToGateway) _back.SendTo(bytes, SocketFlags.None, _proxy.Target);
                else _proxy._front.SendTo(bytes, SocketFlags.None, _device);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        }

        public override Task InjectAsync(Direction towards, byte[] bytes)
        {
            Send(towards, bytes);
            return Task.CompletedTask;
        }

        public override void Close()
        {
            if (IsClosed) return;
            IsClosed = true;
            _back.Close();
        }
    }
}
