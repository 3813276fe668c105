// §8: the UDP transport: the cookie flow, UTACK formats and MACs, duplicate handshake frames, the
// ARQ (retransmission, a UTACK with a wrong MAC ignored, a lossy link), and the two weakness rows
// (a gateway may, like the reference, acknowledge forged frames or deliver a message with a hole).
using System.Security.Cryptography;
using Usmp.Cli.Commands;
using Usmp;
using Usmp.Cli.Device;
using static Usmp.Cli.Conformance.Verdict;

namespace Usmp.Cli.Conformance;

internal static class UdpRows
{
    public static IEnumerable<Row> All() =>
    [
        new("udp.cookie", "§8", "a cookie-less HELLO is answered by HELLO_RETRY: seq 0, 16 B cookie", On.Udp, t =>
        {
            using var d = t.Device();
            d.Handshake();
            byte[]? r = d.HelloRetryFrame;
            if (r == null) return Fail("no HELLO_RETRY");
            return WireCodec.LengthOf(r) == 16 && WireCodec.SeqOf(r) == 0 ? Pass("16 B cookie at seq 0") : Fail($"length {WireCodec.LengthOf(r)}, seq {WireCodec.SeqOf(r)}");
        }, Needs: null),
        new("udp.wrong-cookie", "§8", "a HELLO with a wrong cookie is ignored", On.Udp,
            t => Checks.HandshakeRefused(t, "a wrong cookie", hello: h => Checks.Rebuild(h, p => [.. p[..38], .. RandomNumberGenerator.GetBytes(16)]))),
        new("udp.retry-once", "§8", "HELLO_RETRY is sent once, without ARQ (not resent when not acknowledged)", On.Udp, t =>
        {
            using var link = RawLink.Open(true, t.Endpoint, t.NextSource(), t.TimeoutMs);
            link.Send(HelloBytes(t, out _));
            int retries = 0;
            long deadline = Environment.TickCount64 + t.TimeoutMs + 1500;   // past the ARQ's first retransmission
            while (Environment.TickCount64 < deadline && link.Next((int)Math.Max(1, deadline - Environment.TickCount64)) is { } p)
                if (p.Kind == PacketKind.Frame && p.Type == WireCodec.HelloRetry) retries++;
            return retries == 1 ? Pass("one HELLO_RETRY, none after it") : Fail(retries == 0 ? "no HELLO_RETRY" : $"{retries} HELLO_RETRY for one HELLO: it is resent, so a spoofed HELLO is amplified");
        }, Needs: "udp.cookie"),
        new("udp.cookie-other-port", "§8", "a cookie is bound to the address it was issued to: from another port it is ignored", On.Udp, t =>
        {
            var source = t.NextSource();
            using var a = RawLink.Open(true, t.Endpoint, source, t.TimeoutMs);
            a.Send(HelloBytes(t, out var hs));
            Packet? retry = null;
            long deadline = Environment.TickCount64 + t.TimeoutMs;
            while (retry == null && Environment.TickCount64 < deadline && a.Next((int)Math.Max(1, deadline - Environment.TickCount64)) is { } p)
                if (p.Kind == PacketKind.Frame && p.Type == WireCodec.HelloRetry) retry = p;
            if (retry == null) throw new StepFailed("no HELLO_RETRY");
            hs.ConsumeHelloRetry(retry.Bytes, 0, retry.Bytes.Length);
            byte[] buf = new byte[100];
            byte[] cookieHello = buf[..hs.CreateHelloWithCookie(buf, 0)];
            using var b = RawLink.Open(true, t.Endpoint, source, t.TimeoutMs);   // same IP, another port
            b.Send(cookieHello);
            deadline = Environment.TickCount64 + t.TimeoutMs;
            while (Environment.TickCount64 < deadline && b.Next((int)Math.Max(1, deadline - Environment.TickCount64)) is { } p)
                if (p.Kind == PacketKind.Frame && p.Type == WireCodec.Challenge) return Fail("the cookie was accepted from another port: CHALLENGE");
            return Pass("no CHALLENGE for a cookie from another (ip, port)");
        }, Needs: "udp.cookie"),
        new("udp.utack-handshake", "§8", "UTACKs of HELLO, cookie HELLO and HELLO_ACK: 7 B, plain", On.Udp, t =>
        {
            using var d = t.Session();
            var acks = d.Utacks.Where(u => u.Type is WireCodec.Hello or WireCodec.HelloAck).ToList();
            // §8: every frame that passes the size checks is acknowledged: HELLO (seq 0), cookie HELLO (1), HELLO_ACK (2).
            var missing = new[] { (WireCodec.Hello, 0u), (WireCodec.Hello, 1u), (WireCodec.HelloAck, 2u) }
                .Where(x => !acks.Any(u => u.Type == x.Item1 && u.Seq == x.Item2)).Select(x => $"{WireCodec.Name(x.Item1)} seq {x.Item2}").ToList();
            if (missing.Count > 0) return Fail($"no UTACK for {string.Join(", ", missing)}");
            var bad = acks.FirstOrDefault(u => u.Bytes.Length != 7);
            return bad == null ? Pass($"{string.Join(", ", acks.Select(u => $"{WireCodec.Name(u.Type)} seq {u.Seq}"))}: 7 B each") : Fail($"UTACK of {WireCodec.Name(bad.Type)} is {bad.Bytes.Length} B");
        }),
        new("udp.utack-session", "§8", "UTACK of a session frame: 15 B, HMAC-SHA256(k_c2s)[0:8]", On.Udp, t =>
        {
            using var d = t.Session();
            d.Echo([1, 2]);
            var ack = d.Utacks.LastOrDefault(u => u.Type == WireCodec.Data);
            if (ack == null) return Fail("no UTACK for DATA");
            return WireCodec.UtackMacOk(ack.Bytes, d.Tx) ? Pass($"15 B, MAC verified (DATA seq {ack.Seq})") : Fail($"{ack.Bytes.Length} B, MAC does not verify");
        }),
        new("udp.dup-hello", "§8", "a duplicate cookie HELLO is dropped; the handshake completes", On.Udp, t =>
        {
            using var d = t.Device();
            var end = d.Handshake(hello: h => { d.Link.Send(h); return h; });
            return end == HandshakeEnd.Established && d.StillEchoes() ? Pass("one handshake, session echoes") : Fail($"the duplicate broke the handshake: {RawDevice.Describe(end)}");
        }),
        new("udp.arq-retransmit", "§8", "a frame the device does not UTACK is sent again", On.Udp, t => Retransmitted(t, null)),
        new("udp.utack-bad-mac", "§8", "a UTACK with a wrong MAC is ignored (the frame is sent again)", On.Udp,
            t => Retransmitted(t, (d, f) => WireCodec.Utack(WireCodec.TypeOf(f), WireCodec.SeqOf(f), RandomNumberGenerator.GetBytes(32)))),
        new("udp.forged-ack", "§8 weakness", "weakness: UTACK for a forged frame", On.Udp, t =>
        {
            using var d = t.Session();
            uint seq = d.TxSeq;                          // the seq the device sends next (not used up)
            byte[] forged = WireCodec.Frame(WireCodec.Data, seq, RandomNumberGenerator.GetBytes(40));
            d.Link.Send(forged);
            d.NextFrame(500);
            bool acked = d.Utacks.Any(u => u.Type == WireCodec.Data && u.Seq == seq);
            if (acked) return Warn("acknowledges forged frames (as the reference, §8): an on-path attacker can ack a device's frame away");
            return d.StillEchoes() ? Pass("no weakness: a forged frame is not acknowledged") : Fail("the session stopped echoing after a forged frame");
        }),
        new("udp.partial-message", "§7 §8 weakness", "weakness: a message whose middle fragment never came", On.Udp, t =>
        {
            using var d = t.Session();
            d.SendSealed(WireCodec.DataFrag, Checks.Pattern(452, 1));
            d.TxSeq++;                                   // the middle fragment is "lost" for good
            d.SendSealed(WireCodec.Data, "tail"u8);
            byte[]? m = d.ReceiveMessage(t.TimeoutMs / 2);
            if (m != null) return Warn($"delivers partial messages: {m.Length} B from a message missing its middle fragment");
            return d.StillEchoes(2) ? Pass("no weakness: nothing delivered; the session still echoes") : Fail("the session stopped echoing");
        }),
        new("udp.lossy", "§8", "ARQ over a lossy link (10% drop, duplicates, reordering): 20 echoes in order", On.Udp, Lossy),
    ];

    private static byte[] HelloBytes(Target t, out ClientHandshake hs)
    {
        hs = new ClientHandshake(t.DeviceId, t.Psk, new Usmp.NativeRandomSource());
        byte[] buf = new byte[100];
        return buf[..hs.CreateHello(buf, 0)];
    }

    // §8 ARQ: the gateway resends a frame until it gets the matching UTACK. `reply` is what the
    // device answers to the first copy (null: nothing).
    private static Verdict Retransmitted(Target t, Func<RawDevice, byte[], byte[]>? reply)
    {
        using var d = t.Session();
        d.AutoUtack = false;
        d.SendSealed(WireCodec.Data, [4, 2]);
        Packet? first = d.NextFrame(t.TimeoutMs);
        if (first == null || first.Type != WireCodec.Data) throw new StepFailed("no echo");
        if (reply != null) d.Link.Send(reply(d, first.Bytes));
        Packet? again = d.NextFrame(Math.Max(3000, t.TimeoutMs));
        d.AutoUtack = true;
        if (again == null) return Fail(reply == null ? "the unacknowledged DATA was not sent again within 3 s" : "the DATA was not sent again: the UTACK with a wrong MAC was taken");
        d.Link.Send(WireCodec.Utack(again.Type, again.Seq, d.Rx));
        return again.Bytes.AsSpan().SequenceEqual(first.Bytes) ? Pass("the same frame (type, seq, bytes) sent again") : Fail($"a different frame came: {WireCodec.Name(again.Type)} seq {again.Seq}");
    }

    // The firmware client through a lossy proxy: it must get every echo, in order (§8: the ARQ is the only
    // retransmission; a lost HELLO_RETRY is never resent, so the device retries the handshake).
    private static Verdict Lossy(Target t)
    {
        using var proxy = new LossyLink(t.Endpoint, t.Seed);
        using var device = DeviceClient.Udp(proxy.Endpoint, t.DeviceId, t.Psk);
        int tries = device.ConnectWithRetry(10, 3000);
        for (int i = 0; i < 20; i++) DemoCommand.Echo(device, BitConverter.GetBytes(i), 20000);
        device.Close();
        return Pass($"{tries} connect attempt(s), 20 echoes in order; the link dropped {proxy.Dropped}, duplicated {proxy.Duplicated}, reordered {proxy.Reordered}");
    }
}
