// The battery's socket to the gateway under test: whole frames over TCP (§1: header, then length
// bytes) or one datagram per frame over UDP (§8), from an optional chosen local address (on
// loopback each failure-provoking row gets its own 127.0.0.x, so the gateway's per-IP lockout
// (§9) from one row cannot spill into the next).
using System.Net;
using System.Net.Sockets;

namespace Usmp.Cli.Conformance;

internal enum PacketKind { Frame, Utack, Closed }

internal sealed record Packet(PacketKind Kind, byte[] Bytes)
{
    public static readonly Packet Closed = new(PacketKind.Closed, []);
    public byte Type => Kind == PacketKind.Utack ? WireCodec.UtackType(Bytes) : WireCodec.TypeOf(Bytes);
    public uint Seq => Kind == PacketKind.Utack ? WireCodec.UtackSeq(Bytes) : WireCodec.SeqOf(Bytes);
}

internal abstract class RawLink : IDisposable
{
    public abstract bool IsUdp { get; }
    public abstract void Send(byte[] bytes);
    /// <summary>The next frame, UTACK, or Closed (TCP: the gateway closed or reset); null after timeoutMs.</summary>
    public abstract Packet? Next(int timeoutMs);
    public abstract void Dispose();

    public static RawLink Open(bool udp, IPEndPoint target, IPAddress? local, int connectTimeoutMs)
        => udp ? new UdpRawLink(target, local) : new TcpRawLink(target, local, connectTimeoutMs);
}

internal sealed class TcpRawLink : RawLink
{
    private readonly Socket _s = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly List<byte> _buf = new();
    private bool _closed;

    public TcpRawLink(IPEndPoint target, IPAddress? local, int timeoutMs)
    {
        if (local != null) _s.Bind(new IPEndPoint(local, 0));
        using var cts = new CancellationTokenSource(timeoutMs);
        try { _s.ConnectAsync(target, cts.Token).AsTask().GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { _s.Dispose(); throw new SocketException((int)SocketError.TimedOut); }
        catch { _s.Dispose(); throw; }
    }

    public override bool IsUdp => false;

    public override void Send(byte[] bytes)
    {
        try { _s.Send(bytes); }
        catch (SocketException) { _closed = true; }
        catch (ObjectDisposedException) { _closed = true; }
    }

    public override Packet? Next(int timeoutMs)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            if (_buf.Count >= WireCodec.Header)
            {
                int len = _buf[8] | (_buf[9] << 8);
                bool sane = _buf[0] == 0xCD && _buf[1] == 0xAB && len <= WireCodec.MaxPayload;
                int need = sane ? WireCodec.Header + len : _buf.Count;   // garbage: hand it over as is
                if (_buf.Count >= need)
                {
                    byte[] f = _buf.GetRange(0, need).ToArray();
                    _buf.RemoveRange(0, need);
                    return new Packet(PacketKind.Frame, f);
                }
            }
            if (_closed) return Packet.Closed;
            int left = (int)(deadline - Environment.TickCount64);
            if (left <= 0) return null;
            try
            {
                if (!_s.Poll(TimeSpan.FromMilliseconds(left), SelectMode.SelectRead)) return null;
                byte[] chunk = new byte[4096];
                int n = _s.Receive(chunk);
                if (n == 0) _closed = true;
                else _buf.AddRange(chunk.AsSpan(0, n).ToArray());
            }
            catch (SocketException) { _closed = true; }
            catch (ObjectDisposedException) { _closed = true; }
        }
    }

    public override void Dispose() { try { _s.Dispose(); } catch (SocketException) { } }
}

internal sealed class UdpRawLink : RawLink
{
    private readonly Socket _s = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public UdpRawLink(IPEndPoint target, IPAddress? local)
    {
        _s.Bind(new IPEndPoint(local ?? IPAddress.Any, 0));
        _s.Connect(target);
    }

    public override bool IsUdp => true;

    public override void Send(byte[] bytes)
    {
        try { _s.Send(bytes); } catch (SocketException) { } // ICMP unreachable from an earlier send: UDP has no "closed"
    }

    public override Packet? Next(int timeoutMs)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        byte[] buf = new byte[2048];
        while (true)
        {
            int left = (int)(deadline - Environment.TickCount64);
            if (left <= 0) return null;
            try
            {
                if (!_s.Poll(TimeSpan.FromMilliseconds(left), SelectMode.SelectRead)) return null;
                int n = _s.Receive(buf);
                byte[] d = buf[..n];
                return new Packet(WireCodec.IsUtack(d) ? PacketKind.Utack : PacketKind.Frame, d);
            }
            catch (SocketException) { } // ICMP port unreachable: keep listening until the deadline
        }
    }

    public override void Dispose() { try { _s.Dispose(); } catch (SocketException) { } }
}
