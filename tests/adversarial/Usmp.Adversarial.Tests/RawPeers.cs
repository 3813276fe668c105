// Hand-driven handshake peers for the resource and leak attacks (spec §3, §8): they speak the
// handshake frames byte by byte from a CHOSEN local address (any 127.0.0.x: on Linux the whole
// 127/8 is local, so one test can be many "source addresses") and can stop at any step, send a
// wrong proof, replay a cookie HELLO, or time each answer. They never complete a session (they
// hold no PSK); an honest device is always the real client (TestDevice).
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Usmp.Gateway;

namespace Usmp.Adversarial.Tests;

public static class HandshakeBytes
{
    public const int HelloSize = 12 + 38, HelloWithCookieSize = 12 + 54, ChallengeSize = 12 + 64, HelloAckSize = 12 + 32;

    /// <summary>127.0.0.n: a distinct source address on loopback.</summary>
    public static IPAddress Loopback(int n) => new(new byte[] { 127, 0, 0, (byte)n });

    public static byte[] RandomDeviceId() => RandomNumberGenerator.GetBytes(6);

    /// <summary>HELLO = device_id(6) ‖ pub_C(32) [‖ cookie(16)], seq 0 (1 with a cookie), CRC correct.</summary>
    public static byte[] Hello(byte[] deviceId, byte[] pubC, byte[]? cookie = null)
    {
        byte[] payload = cookie == null ? [.. deviceId, .. pubC] : [.. deviceId, .. pubC, .. cookie];
        byte[] f = new byte[12 + payload.Length];
        FrameHeader.WritePlain(f, 0, PacketType.Hello, cookie == null ? 0u : 1u, payload, 0, payload.Length);
        return f;
    }

    /// <summary>HELLO_ACK (seq 2) with a proof that cannot verify: what a wrong PSK looks like to the gateway.</summary>
    public static byte[] WrongHelloAck()
    {
        byte[] proof = RandomNumberGenerator.GetBytes(32), f = new byte[HelloAckSize];
        FrameHeader.WritePlain(f, 0, PacketType.HelloAck, 2, proof, 0, proof.Length);
        return f;
    }

    /// <summary>A bare header: the given type, seq and declared length 0, CRC right or wrong.</summary>
    public static byte[] Header(byte type, uint seq, bool goodCrc)
    {
        byte[] f = new byte[12];
        FrameHeader.WritePlain(f, 0, (PacketType)type, seq, Array.Empty<byte>(), 0, 0);
        if (!goodCrc) f[10] ^= 0x5A;
        return f;
    }
}

/// <summary>One TCP connection from a chosen local address, driving the handshake by hand.</summary>
public sealed class TcpProbe : IDisposable
{
    private readonly Socket _s;
    public readonly byte[] DeviceId, PubC = RandomNumberGenerator.GetBytes(32);

    public TcpProbe(IPAddress local, IPEndPoint gateway, byte[]? deviceId = null)
    {
        DeviceId = deviceId ?? HandshakeBytes.RandomDeviceId();
        _s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _s.Bind(new IPEndPoint(local, 0));
        _s.Connect(gateway);
    }

    public Socket Socket => _s;

    public void SendHello() => _s.Send(HandshakeBytes.Hello(DeviceId, PubC));
    public void SendWrongProof() => _s.Send(HandshakeBytes.WrongHelloAck());

    /// <summary>The next frame's type and length, or null when the gateway closed (or nothing came in time).</summary>
    public (byte Type, int Length)? ReadFrame(int timeoutMs)
    {
        byte[] h = new byte[12];
        if (!ReadExactly(h, timeoutMs)) return null;
        int len = FrameHeader.ReadLength(h, 0);
        if (len > 0 && !ReadExactly(new byte[len], timeoutMs)) return null;
        return (h[3], 12 + len);
    }

    /// <summary>True when the gateway closes the connection within the time (a read returns 0 or fails).</summary>
    public bool ClosedWithin(int timeoutMs)
    {
        var sw = Stopwatch.StartNew();
        byte[] b = new byte[512];
        try
        {
            while (sw.ElapsedMilliseconds < timeoutMs)
            {
                _s.ReceiveTimeout = (int)Math.Max(1, timeoutMs - sw.ElapsedMilliseconds);
                if (_s.Receive(b) == 0) return true;
            }
        }
        catch (SocketException e) { return e.SocketErrorCode != SocketError.TimedOut && e.SocketErrorCode != SocketError.WouldBlock; }
        return false;
    }

    private bool ReadExactly(byte[] buffer, int timeoutMs)
    {
        int got = 0;
        _s.ReceiveTimeout = timeoutMs;
        try
        {
            while (got < buffer.Length)
            {
                int n = _s.Receive(buffer, got, buffer.Length - got, SocketFlags.None);
                if (n == 0) return false;
                got += n;
            }
            return true;
        }
        catch (SocketException) { return false; }
    }

    public void Dispose() { try { _s.Close(); } catch { } }
}

/// <summary>One UDP source address (a socket bound to a chosen local address) driving the handshake by hand.</summary>
public sealed class UdpProbe : IDisposable
{
    private readonly Socket _s;
    private readonly IPEndPoint _gateway;
    public readonly byte[] DeviceId, PubC = RandomNumberGenerator.GetBytes(32);

    public UdpProbe(IPAddress local, IPEndPoint gateway, byte[]? deviceId = null, int port = 0)
    {
        DeviceId = deviceId ?? HandshakeBytes.RandomDeviceId();
        _gateway = gateway;
        _s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _s.Bind(new IPEndPoint(local, port));
    }

    public IPEndPoint Local => (IPEndPoint)_s.LocalEndPoint!;

    public void Send(byte[] datagram) { try { _s.SendTo(datagram, _gateway); } catch (SocketException) { } }

    /// <summary>Cookie-less HELLO; the HELLO_RETRY's cookie, or null if none came in time (§8).</summary>
    public byte[]? RequestCookie(int timeoutMs = 1000)
    {
        Send(HandshakeBytes.Hello(DeviceId, PubC));
        var f = ReceiveFrame((byte)PacketType.HelloRetry, timeoutMs);
        return f?[12..28];
    }

    public byte[] CookieHello(byte[] cookie) => HandshakeBytes.Hello(DeviceId, PubC, cookie);

    /// <summary>Waits for a frame of the given type (UTACKs and other frames skipped); UTACKs it (§8) so
    /// the gateway's ARQ is satisfied. Null on timeout.</summary>
    public byte[]? ReceiveFrame(byte type, int timeoutMs)
    {
        var sw = Stopwatch.StartNew();
        byte[] buf = new byte[600];
        while (sw.ElapsedMilliseconds < timeoutMs)
        {
            _s.ReceiveTimeout = (int)Math.Max(1, timeoutMs - sw.ElapsedMilliseconds);
            int n;
            try { n = _s.Receive(buf); }
            catch (SocketException) { return null; }
            if (n < UsmpConstants.HeaderSize || !FrameHeader.HasMagic(buf, 0)) continue;
            if (buf[3] != (byte)PacketType.HelloRetry) Send(Utack(buf[3], FrameHeader.ReadSeq(buf, 0)));
            if (buf[3] == type) return buf[..n];
        }
        return null;
    }

    private static byte[] Utack(byte type, uint seq)
    {
        byte[] u = { 0xAC, 0xAC, type, 0, 0, 0, 0 };
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(u.AsSpan(3), seq);
        return u;
    }

    public void Dispose() { try { _s.Close(); } catch { } }
}
