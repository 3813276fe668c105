// A device driven frame by frame for the battery: the handshake of §3 (over UDP with the cookie
// round trip of §8) with hooks to spoil any frame of it, then session frames sealed by the managed
// codec at any seq and type, a message receiver (§7 reassembly, PING answered, PONG swallowed)
// and, over UDP, the ARQ and UTACKs of §8. Secrets stay in this object; Dispose sends a BYE.
using System.Net;
using Usmp.Cli.Commands;
using System.Security.Cryptography;
using Usmp;

namespace Usmp.Cli.Conformance;

internal enum HandshakeEnd { Established, NoCookie, NoChallenge, ClosedAtHello, Refused, BadChallenge, BadSessionOk }

internal sealed class RawDevice : IDisposable
{
    private readonly Queue<Packet> _frames = new();
    private readonly byte[] _id, _psk;
    public RawLink Link { get; }
    public bool Udp => Link.IsUdp;
    public int Timeout { get; }
    public byte[] Tx { get; private set; } = [];
    public byte[] Rx { get; private set; } = [];
    public byte[] Sid { get; private set; } = [];
    public uint TxSeq { get; set; }
    // The gateway's last accepted seq under the current keys (-1: none yet). A frame at or below it is
    // an ARQ retransmission whose UTACK came late (§8): UTACKed again by Pump, not delivered again.
    private long _lastRxSeq = -1;
    private byte[] _lastRxFrame = [];
    public bool Established { get; private set; }
    /// <summary>Set once the gateway ended the session (TCP close, or a BYE from it).</summary>
    public bool Ended { get; private set; }
    /// <summary>When false, frames from the gateway are not UTACKed (for the ARQ rows).</summary>
    public bool AutoUtack { get; set; } = true;
    public byte[]? ChallengeFrame { get; private set; }
    public byte[]? SessionOkFrame { get; private set; }
    public byte[]? HelloRetryFrame { get; private set; }
    public List<Packet> Utacks { get; } = new();
    public List<uint> GatewaySeqs { get; } = new();
    public int Pongs { get; private set; }
    /// <summary>REKEYs the gateway started (answered as responder in ReceiveMessage).</summary>
    public int GatewayRekeys { get; private set; }

    public RawDevice(Target t, IPAddress? local, byte[]? psk = null, byte[]? deviceId = null)
    {
        _id = deviceId ?? t.DeviceId;
        _psk = psk ?? t.Psk;
        Timeout = t.TimeoutMs;
        Link = RawLink.Open(t.Udp, t.Endpoint, local, t.TimeoutMs);
    }

    /// <summary>§3 (and §8's cookie round trip); each hook may replace the bytes of that frame before it is sent.
    /// stepWaitMs: one attempt per step with this wait (default: the timeout, over UDP in 3 attempts);
    /// sessionOkWaitMs: the same for the last step only.</summary>
    public HandshakeEnd Handshake(Func<byte[], byte[]>? hello = null, Func<byte[], byte[]>? helloAck = null, Action<string>? note = null, int? stepWaitMs = null, int? sessionOkWaitMs = null)
    {
        var hs = new ClientHandshake(_id, _psk, new NativeRandomSource());
        byte[] buf = new byte[600];
        byte[] first = buf[..hs.CreateHello(buf, 0)];
        if (Udp)
        {
            Link.Send(first);
            Packet? retry = WaitFrame(WireCodec.HelloRetry, stepWaitMs ?? Timeout);
            if (retry == null) return HandshakeEnd.NoCookie;
            HelloRetryFrame = retry.Bytes;
            Link.Send(WireCodec.Utack(WireCodec.HelloRetry, retry.Seq, null));
            try { hs.ConsumeHelloRetry(retry.Bytes, 0, retry.Bytes.Length); }
            catch (UsmpException e) { note?.Invoke($"HELLO_RETRY refused by the device: {e.Message}"); return HandshakeEnd.NoCookie; }
            first = buf[..hs.CreateHelloWithCookie(buf, 0)];
        }
        byte[] sent = hello?.Invoke(first) ?? first;
        Packet? challenge = null;
        for (int attempt = 0; attempt < (Udp && stepWaitMs == null ? 3 : 1) && challenge == null; attempt++)
        {
            Link.Send(sent);
            challenge = WaitFrame(WireCodec.Challenge, stepWaitMs ?? (Udp ? Timeout / 3 + 1 : Timeout));
        }
        if (challenge == null) return Ended ? HandshakeEnd.ClosedAtHello : HandshakeEnd.NoChallenge;
        ChallengeFrame = challenge.Bytes;
        try { hs.ConsumeChallenge(challenge.Bytes, 0, challenge.Bytes.Length); }
        catch (UsmpException e) { note?.Invoke(e.Message); return HandshakeEnd.BadChallenge; }
        byte[] ack = buf[..hs.CreateHelloAck(buf, 0)];
        ack = helloAck?.Invoke(ack) ?? ack;
        Packet? ok = null;
        for (int attempt = 0; attempt < (Udp && (stepWaitMs ?? sessionOkWaitMs) == null ? 3 : 1) && ok == null && !Ended; attempt++)
        {
            Link.Send(ack);
            ok = WaitFrame(WireCodec.SessionOk, stepWaitMs ?? sessionOkWaitMs ?? (Udp ? Timeout / 3 + 1 : Timeout));
        }
        if (ok == null) return HandshakeEnd.Refused;
        SessionOkFrame = ok.Bytes;
        try { hs.ConsumeSessionOk(ok.Bytes, 0, ok.Bytes.Length); }
        catch (UsmpException e) { note?.Invoke(e.Message); return HandshakeEnd.BadSessionOk; }
        var keys = hs.TakeSessionKeys();
        (Tx, Rx, Sid) = ((byte[])keys.TxKey.Clone(), (byte[])keys.RxKey.Clone(), (byte[])keys.SessionId.Clone());
        keys.Wipe();
        Established = true;
        return HandshakeEnd.Established;
    }

    /// <summary>The handshake, or StepFailed naming where it stopped.</summary>
    public RawDevice Connect()
    {
        string? why = null;
        var end = Handshake(note: n => why = n);
        if (end != HandshakeEnd.Established) throw new StepFailed($"handshake did not complete: {Describe(end)}{(why == null ? "" : $" ({why})")}");
        return this;
    }

    public static string Describe(HandshakeEnd e) => e switch
    {
        HandshakeEnd.NoCookie => "no HELLO_RETRY for a cookie-less HELLO",
        HandshakeEnd.NoChallenge => "no CHALLENGE",
        HandshakeEnd.ClosedAtHello => "connection closed after the HELLO",
        HandshakeEnd.Refused => "no SESSION_OK (refused)",
        HandshakeEnd.BadChallenge => "the CHALLENGE was malformed",
        HandshakeEnd.BadSessionOk => "the SESSION_OK did not verify",
        _ => "established",
    };

    public byte[] Seal(byte type, ReadOnlySpan<byte> plaintext, uint? seq = null, byte[]? key = null)
        => WireCodec.Seal(type, seq ?? TxSeq++, plaintext, key ?? Tx, Sid);

    /// <summary>Sends a frame; over UDP waits for its UTACK (type, seq, MAC under our tx key) with the §8
    /// ARQ (5 attempts). True when acknowledged (always over TCP).</summary>
    public bool Send(byte[] frame, int attempts = 5, byte[]? utackKey = null)
    {
        if (!Udp) { Link.Send(frame); return true; }
        byte type = WireCodec.TypeOf(frame);
        uint seq = WireCodec.SeqOf(frame);
        for (int i = 0; i < attempts; i++)
        {
            Link.Send(frame);
            long deadline = Environment.TickCount64 + Math.Min(400 << i, 2000);
            while (Environment.TickCount64 < deadline)
            {
                Packet? p = Pump((int)Math.Max(1, deadline - Environment.TickCount64));
                if (p == null) break;
                if (p.Kind == PacketKind.Utack && p.Type == type && p.Seq == seq && WireCodec.UtackMacOk(p.Bytes, utackKey ?? Tx)) return true;
            }
        }
        return false;
    }

    public bool SendSealed(byte type, ReadOnlySpan<byte> plaintext, int attempts = 5) => Send(Seal(type, plaintext), attempts);

    /// <summary>Sends a message the way §7 cuts it: 452-byte DATA_FRAG chunks, the last as DATA.</summary>
    public void SendMessage(byte[] data, int attempts = 5)
    {
        int chunks = Math.Max(1, (data.Length + WireCodec.MaxPlain - 1) / WireCodec.MaxPlain);
        for (int c = 0; c < chunks; c++)
        {
            int off = c * WireCodec.MaxPlain, n = Math.Min(WireCodec.MaxPlain, data.Length - off);
            if (!SendSealed(c == chunks - 1 ? WireCodec.Data : WireCodec.DataFrag, data.AsSpan(off, n), attempts))
                throw new StepFailed($"no UTACK for {WireCodec.Name(c == chunks - 1 ? WireCodec.Data : WireCodec.DataFrag)} seq {TxSeq - 1} after {attempts} attempts");
        }
    }

    /// <summary>The next message from the gateway (§7), or null after timeoutMs or when the session ended.</summary>
    public byte[]? ReceiveMessage(int timeoutMs)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        var partial = new List<byte>();
        while (!Ended)
        {
            Packet? f = NextFrame((int)Math.Max(1, deadline - Environment.TickCount64));
            if (f == null) return null;
            if (f.Kind == PacketKind.Closed) return null;
            byte[]? plain = WireCodec.Open(f.Bytes, Rx, Sid);
            if (plain == null) continue;
            bool retransmission = f.Seq == _lastRxSeq && f.Bytes.AsSpan().SequenceEqual(_lastRxFrame);
            if (retransmission) continue;
            GatewaySeqs.Add(f.Seq);            // a seq reused for other bytes stays visible to the seq rows
            if (f.Seq <= _lastRxSeq) continue;  // ... but is never delivered
            (_lastRxSeq, _lastRxFrame) = (f.Seq, f.Bytes);
            switch (f.Type)
            {
                case WireCodec.Ping: Send(Seal(WireCodec.Pong, [])); break;
                case WireCodec.Pong: Pongs++; break;
                case WireCodec.Bye: Ended = true; return null;
                case WireCodec.Rekey: RekeyAsResponder(plain); break;
                case WireCodec.DataFrag: partial.AddRange(plain); break;
                case WireCodec.Data: partial.AddRange(plain); return partial.ToArray();
            }
        }
        return null;
    }

    /// <summary>Sends data and checks it comes back unchanged (the gateway under test must echo).</summary>
    public string Echo(byte[] data, int? timeoutMs = null, int attempts = 5)
    {
        SendMessage(data, attempts);
        byte[]? back = ReceiveMessage(timeoutMs ?? Timeout) ?? throw new StepFailed($"no echo of {data.Length} B within {timeoutMs ?? Timeout} ms{(Ended ? " (the session ended)" : "")}");
        if (!back.AsSpan().SequenceEqual(data)) throw new StepFailed($"echo differs: {back.Length} B back for {data.Length} B");
        return $"{data.Length} B echoed";
    }

    /// <summary>True if a fresh message is still echoed: the session survived.</summary>
    /// <param name="tries">more than 1 after a deliberate gap in our seqs: a hardened gateway (ours) drops
    /// the message right after a gap, since its start cannot be proved (see the partial-message row).</param>
    public bool StillEchoes(int tries = 1)
    {
        for (int i = 0; i < tries; i++)
        {
            try { Echo(RandomNumberGenerator.GetBytes(8), i + 1 < tries ? 500 : null, attempts: 3); return true; }   // 3 ARQ tries: 2.8 s, not 6.8
            catch (StepFailed) when (!Ended) { }
            catch (StepFailed) { return false; }
        }
        return false;
    }

    /// <summary>TCP: the gateway closes the connection within the timeout (§4).</summary>
    public bool ClosedByGateway(int? timeoutMs = null)
    {
        long deadline = Environment.TickCount64 + (timeoutMs ?? Timeout);
        while (Environment.TickCount64 < deadline)
        {
            Packet? f = NextFrame((int)Math.Max(1, deadline - Environment.TickCount64));
            if (f == null) return false;
            if (f.Kind == PacketKind.Closed) return true;
        }
        return false;
    }

    /// <summary>§7 REKEY as initiator: salt under the old key, then both ways okm[0:32] / okm[32:64], seqs 0.</summary>
    public bool Rekey()
    {
        byte[] salt = RandomNumberGenerator.GetBytes(32);
        byte[] oldTx = Tx;
        bool acked = Send(Seal(WireCodec.Rekey, salt), utackKey: oldTx);
        (Tx, Rx) = WireCodec.RekeyDerive(Tx, Rx, salt, Sid);
        TxSeq = 0;
        _lastRxSeq = -1;
        return acked;
    }

    /// <summary>§7 REKEY from the gateway: the ikm is the initiator's tx ‖ rx, i.e. our rx ‖ tx; the responder
    /// receives with okm[0:32] and sends with okm[32:64]; seqs back to 0. (Over UDP its UTACK already went
    /// out under the old key: Pump answers before the frame is opened, §8.)</summary>
    private void RekeyAsResponder(byte[] salt)
    {
        if (salt.Length != 32) throw new StepFailed($"REKEY from the gateway carries {salt.Length} B, not a 32-byte salt");
        (Rx, Tx) = WireCodec.RekeyDerive(Rx, Tx, salt, Sid);
        TxSeq = 0;
        _lastRxSeq = -1;
        GatewayRekeys++;
    }

    /// <summary>The next frame (UTACKs are recorded, not returned); over UDP it is UTACKed first (§8).</summary>
    public Packet? NextFrame(int timeoutMs)
    {
        if (_frames.Count > 0) return _frames.Dequeue();
        long deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            int left = (int)(deadline - Environment.TickCount64);
            if (left <= 0) return null;
            Packet? p = Pump(left);
            if (p == null) return null;
            if (p.Kind != PacketKind.Utack) return _frames.Dequeue();
        }
    }

    // Reads one packet: frames are UTACKed (§8) and queued for NextFrame; UTACKs recorded; returned either way.
    private Packet? Pump(int timeoutMs)
    {
        Packet? p = Link.Next(timeoutMs);
        if (p == null) return null;
        if (p.Kind == PacketKind.Closed) { Ended = true; _frames.Enqueue(p); return p; }
        if (p.Kind == PacketKind.Utack) { Utacks.Add(p); return p; }
        if (Udp && AutoUtack && p.Bytes.Length >= WireCodec.Header && p.Type != WireCodec.HelloRetry)
            Link.Send(WireCodec.Utack(p.Type, p.Seq, Established && p.Type >= WireCodec.Data && p.Type != WireCodec.HelloRetry ? Rx : null));
        _frames.Enqueue(p);
        return p;
    }

    private Packet? WaitFrame(byte type, int timeoutMs)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            Packet? f = NextFrame((int)Math.Max(1, deadline - Environment.TickCount64));
            if (f == null || f.Kind == PacketKind.Closed) return null;
            if (f.Type == type && f.Bytes.Length >= WireCodec.Header) return f;
            if (Environment.TickCount64 >= deadline) return null;
        }
    }

    /// <summary>Courtesy BYE when the session is still up (so no row leaves a UDP session behind, §9 per-IP limit).</summary>
    public void Dispose()
    {
        if (Established && !Ended)
        {
            try { Link.Send(Seal(WireCodec.Bye, [])); if (Udp) Link.Next(50); } catch (Exception) { }
        }
        Established = false;
        Array.Clear(Tx); Array.Clear(Rx);
        Link.Dispose();
    }
}
