// Shared observations of the rows: "the gateway refused this" means, over TCP, that it closed the
// connection (§4: no ERROR frame, just the close) and, over UDP, that it dropped the frame silently
// and the session goes on (§8).
using Usmp.Cli.Commands;
using static Usmp.Cli.Conformance.Verdict;

namespace Usmp.Cli.Conformance;

internal static class Checks
{
    /// <summary>Sends one bad frame into an established session and checks the transport's refusal rule.</summary>
    public static Verdict SessionFrameRefused(Target t, Func<RawDevice, byte[]> bad, string what)
    {
        using var d = t.Session();
        d.Link.Send(bad(d));
        return AfterBadFrame(d, what);
    }

    public static Verdict AfterBadFrame(RawDevice d, string what)
    {
        if (!d.Udp)
        {
            byte[]? m = d.ReceiveMessage(300);
            if (m != null) return Fail($"the gateway answered {what} with a {m.Length} B message");
            return d.Ended || d.ClosedByGateway() ? Pass("connection closed, no ERROR frame (§4)") : Fail($"the connection stayed open {d.Timeout} ms after {what}");
        }
        byte[]? reply = d.ReceiveMessage(300);
        if (reply != null) return Fail($"the gateway delivered {what} (a {reply.Length} B message came back)");
        return d.StillEchoes() ? Pass("dropped silently; the session still echoes (§8)") : Fail($"the session stopped echoing after {what}");
    }

    /// <summary>A handshake spoiled by a hook must not reach SESSION_OK (and over TCP the connection closes).</summary>
    public static Verdict HandshakeRefused(Target t, string what, Func<byte[], byte[]>? hello = null, Func<byte[], byte[]>? helloAck = null, byte[]? psk = null)
    {
        using var d = t.Device(psk);
        var end = d.Handshake(hello, helloAck);
        if (end == HandshakeEnd.Established || end == HandshakeEnd.BadSessionOk)
            return Fail($"the gateway sent SESSION_OK after {what}");
        if (end == HandshakeEnd.NoCookie) return Fail("no HELLO_RETRY: the cookie round trip failed before the row could run");
        string stage = end is HandshakeEnd.Refused or HandshakeEnd.BadChallenge ? "CHALLENGE, then no SESSION_OK" : "no CHALLENGE";
        if (!d.Udp && !d.Ended && !d.ClosedByGateway()) return Fail($"{stage}, but the connection stayed open {t.TimeoutMs} ms");
        return Pass(d.Udp ? $"{stage}; silence (§8)" : $"{stage}; connection closed (§4)");
    }

    /// <summary>The HELLO bytes with the payload changed (length and CRC kept right).</summary>
    public static byte[] Rebuild(byte[] frame, Func<byte[], byte[]> payload, byte? version = null, ushort? magic = null)
        => WireCodec.Frame(WireCodec.TypeOf(frame), WireCodec.SeqOf(frame), payload(frame[WireCodec.Header..]),
            magic ?? WireCodec.Magic, version ?? WireCodec.Version);

    public static byte[] Pattern(int n, int salt = 0)
    {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte)(i * 31 + salt + (i >> 8));
        return b;
    }

    /// <summary>Runs a row body; StepFailed is the row's own failure, anything else a failure naming what broke.</summary>
    public static Verdict Guard(Func<Target, Verdict> body, Target t)
    {
        try { return body(t); }
        catch (StepFailed e) { return Fail(e.Message); }
        catch (System.Net.Sockets.SocketException e) { return Fail($"socket error talking to {t.Transport} {t.Endpoint}: {e.SocketErrorCode}"); }
        catch (UsmpException e) { return Fail(e.Message); }
        catch (IOException e) { return Fail(e.Message); }
        catch (Exception e) when (e is not OutOfMemoryException) { return Fail($"the row could not finish: {e.Message}"); }   // one row, not the battery
    }
}
