// The TCP attacker in the middle on 127.0.0.1: accepts the device, connects to the gateway, and cuts
// each direction's byte stream into frames by the 12-byte header (spec §1: length at offset 8),
// whatever the declared length says (up to 65535), so a policy sees and rewrites whole frames.
// Writes to one socket are serialized, so injections never interleave with forwarded frames.
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Usmp.Adversarial;

public sealed class TcpAttackProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpFlow> _flows = new();
    private readonly Task _accept;

    public TcpAttackProxy(IPEndPoint target, IProxyPolicy? policy = null)
    {
        _target = target;
        Policy = policy ?? PassPolicy.Instance;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(256);
        _accept = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;
    /// <summary>SO_RCVBUF of the proxy's sockets towards the gateway (set before connecting; null = the
    /// kernel's autotuned default): small, so a Freeze fills the gateway's side after a few KB.</summary>
    public int? GatewaySideReceiveBuffer { get; init; }
    /// <summary>May be replaced at any time; each packet uses the policy current when it arrives.</summary>
    public IProxyPolicy Policy { get; set; }
    public IReadOnlyList<ProxyFlow> Flows { get { lock (_flows) return _flows.ToArray(); } }
    public long FramesSeen;
    /// <summary>Exceptions inside the proxy's own code (not socket errors): must stay empty.</summary>
    public List<Exception> Faults { get; } = new();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket device;
            try { device = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (SocketException) { continue; }
            catch (ObjectDisposedException) { return; }
            var gateway = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (GatewaySideReceiveBuffer is int rcv) gateway.ReceiveBufferSize = rcv;
            device.NoDelay = true;
            try { await gateway.ConnectAsync(_target, _stop.Token); }
            catch (Exception) { device.Close(); gateway.Close(); continue; }
            TcpFlow flow;
            lock (_flows) { flow = new TcpFlow(this, _flows.Count, device, gateway); _flows.Add(flow); }
            flow.Start();
        }
    }

    internal void Fault(Exception e) { lock (Faults) Faults.Add(e); }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accept; } catch { }
        foreach (var f in Flows) f.Close();
    }

    private sealed class TcpFlow : ProxyFlow
    {
        private readonly TcpAttackProxy _proxy;
        private readonly Socket _device, _gateway;
        private readonly SemaphoreSlim _toDevice = new(1, 1), _toGateway = new(1, 1);
        private readonly bool[] _stalled = new bool[2];

        public TcpFlow(TcpAttackProxy proxy, int id, Socket device, Socket gateway) : base(id, ProxyWire.Tcp)
        {
            _proxy = proxy; _device = device; _gateway = gateway;
        }

        public void Start()
        {
            _ = Task.Run(() => PumpAsync(_device, Direction.ToGateway));
            _ = Task.Run(() => PumpAsync(_gateway, Direction.ToDevice));
        }

        private async Task PumpAsync(Socket from, Direction direction)
        {
            byte[] header = new byte[Frames.HeaderSize];
            try
            {
                while (!IsClosed)
                {
                    if (!await ReadExactAsync(from, header)) break;
                    int length = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8));
                    byte[] frame = new byte[Frames.HeaderSize + length];
                    header.CopyTo(frame, 0);
                    if (!await ReadExactAsync(from, frame.AsMemory(Frames.HeaderSize))) break;
                    Interlocked.Increment(ref _proxy.FramesSeen);
                    Packet packet = Record(direction, frame);
                    if (_stalled[(int)direction]) continue;
                    Verdict verdict;
                    try { verdict = _proxy.Policy.Decide(packet, this); }
                    catch (Exception e) { _proxy.Fault(e); verdict = Verdict.Pass(packet); }
                    if (verdict.DelayMs > 0) await Task.Delay(verdict.DelayMs);
                    // Answers to the sender first: a forged reply must reach it before any close the
                    // forwarded frame provokes on the other side.
                    Direction back = direction == Direction.ToGateway ? Direction.ToDevice : Direction.ToGateway;
                    foreach (byte[] b in verdict.EmitBack) await InjectAsync(back, b);
                    foreach (byte[] b in verdict.Emit) await InjectAsync(direction, b);
                    if (verdict.After == AfterVerdict.Close) { Close(); break; }
                    if (verdict.After == AfterVerdict.Stall) _stalled[(int)direction] = true;
                    if (verdict.After == AfterVerdict.Freeze) { _stalled[(int)direction] = true; return; }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException) { }
            catch (Exception e) { _proxy.Fault(e); }
            // The source closed (or broke): a stalled direction keeps the other peer hanging on purpose;
            // otherwise the close is passed on.
            if (!_stalled[(int)direction]) Close();
        }

        private static async Task<bool> ReadExactAsync(Socket s, Memory<byte> buffer)
        {
            int got = 0;
            while (got < buffer.Length)
            {
                int n = await s.ReceiveAsync(buffer[got..], SocketFlags.None);
                if (n == 0) return false;
                got += n;
            }
            return true;
        }

        public override async Task InjectAsync(Direction towards, byte[] bytes)
        {
            if (IsClosed || bytes.Length == 0) return;
            var (socket, gate) = towards == Direction.ToGateway ? (_gateway, _toGateway) : (_device, _toDevice);
            await gate.WaitAsync();
            try
            {
                int sent = 0;
                while (sent < bytes.Length) sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
            finally { gate.Release(); }
        }

        public override void Close()
        {
            if (IsClosed) return;
            IsClosed = true;
            try { _device.Shutdown(SocketShutdown.Both); } catch { }
            try { _gateway.Shutdown(SocketShutdown.Both); } catch { }
            _device.Close();
            _gateway.Close();
        }
    }
}
