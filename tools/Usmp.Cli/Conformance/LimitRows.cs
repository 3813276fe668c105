// §9: the gateway's limits a device can provoke: sessions per IP and in total, the lockout after 5
// failed handshakes, and the idle (session) timeout. Each row uses one source address of its own.
using System.Net;
using System.Security.Cryptography;
using static Usmp.Cli.Conformance.Verdict;

namespace Usmp.Cli.Conformance;

internal static class LimitRows
{
    public static IEnumerable<Row> All() =>
    [
        new("limit.per-ip", "§8 §9", "max_connections_per_ip: one session more than the limit is refused", On.Both, PerIp),
        new("limit.lockout", "§9", "5 failed handshakes lock the IP out (1 s), then it may connect again", On.Both, Lockout, Needs: "hs.wrong-proof"),
        new("limit.idle", "§9", "session_timeout: a silent session is closed", On.Both, Idle),
        new("limit.total", "§8 §9", "max_connections: one session more than the limit is refused", On.Both, Total),
    ];

    private static Verdict PerIp(Target t)
    {
        IPAddress? src = t.NextSource();
        var open = new List<RawDevice>();
        try
        {
            for (int i = 0; i < t.MaxPerIp; i++) open.Add(t.Device(local: src).Connect());
            var extra = t.Device(local: src);
            open.Add(extra);
            var end = extra.Handshake();
            bool usable = end == HandshakeEnd.Established && extra.StillEchoes();
            if (usable) return Fail($"session {t.MaxPerIp + 1} from one IP was accepted and echoes (--max-per-ip says {t.MaxPerIp})");
            return Pass($"{t.MaxPerIp} sessions, the next {(end == HandshakeEnd.Established ? "closed after its handshake" : "refused: " + RawDevice.Describe(end))}");
        }
        finally { foreach (var d in open) d.Dispose(); }
    }

    // Every session from its own source address, so only the total limit can refuse one. A session
    // refused below the limit is tried again once after a pause: another row's sessions may still be
    // closing at the gateway.
    private static Verdict Total(Target t)
    {
        if (t.MaxConnections is not { } max) return Skip("skipped: give --max-connections N (the gateway's limit) to run it");
        if (!t.DistinctSources && t.MaxPerIp <= max)
            return Skip($"skipped: {max + 1} sessions from one address meet --max-per-ip {t.MaxPerIp} first; run it on the gateway's machine (127.0.0.1) or raise the gateway's per-IP limit above {max}");
        for (int round = 0; ; round++)
        {
            var open = new List<RawDevice>();
            try
            {
                int usable = 0;
                while (usable < max)
                {
                    var d = t.Device();
                    open.Add(d);
                    if (d.Handshake() != HandshakeEnd.Established || !d.StillEchoes()) break;
                    usable++;
                }
                if (usable < max)
                {
                    if (round == 0) { Thread.Sleep(1000); continue; }
                    return Fail($"session {usable + 1} was refused, below --max-connections {max} (are other devices connected to the gateway?)");
                }
                var extra = t.Device();
                open.Add(extra);
                var end = extra.Handshake();
                if (end == HandshakeEnd.Established && extra.StillEchoes()) return Fail($"session {max + 1} was accepted and echoes (--max-connections says {max})");
                return Pass($"{max} sessions from {max} addresses, the next {(end == HandshakeEnd.Established ? "closed after its handshake" : "refused: " + RawDevice.Describe(end))}");
            }
            finally { foreach (var d in open) d.Dispose(); }
        }
    }

    private static Verdict Lockout(Target t)
    {
        IPAddress? src = t.NextSource();
        for (int i = 0; i < 5; i++)
        {
            using var bad = t.Device(RandomNumberGenerator.GetBytes(32), local: src);
            if (bad.Handshake(sessionOkWaitMs: 300) == HandshakeEnd.Established) return Fail("a wrong PSK was accepted");
        }
        using (var locked = t.Device(local: src))   // one try, with short waits: inside the 1 s lockout
            if (locked.Handshake(stepWaitMs: 500) == HandshakeEnd.Established) return Fail("the right PSK was accepted right after 5 failures: no lockout");
        Thread.Sleep(1500);
        using var after = t.Device(local: src);
        var end = after.Handshake();
        return end == HandshakeEnd.Established ? Pass("refused right after 5 failures; accepted again 1.5 s later")
            : Fail($"still refused 1.5 s after the 1 s lockout: {RawDevice.Describe(end)}");
    }

    private static Verdict Idle(Target t)
    {
        if (t.SessionTimeout is not { } s) return Skip("skipped: give --session-timeout S (the gateway's idle timeout) to run it");
        using var d = t.Session();
        d.Echo([1]);
        // §9: the watchdog wakes every timeout / 2, so a silent session may live up to 1.5 x the timeout.
        double wait = 1.5 * s + 1;
        Thread.Sleep(TimeSpan.FromSeconds(wait));
        bool closed = d.Udp ? !d.StillEchoes() : d.ClosedByGateway(500);
        return closed ? Pass($"closed within {wait:F1} s of silence (timeout {s} s, watchdog every {s / 2} s)") : Fail($"still open {wait:F1} s into a {s} s session timeout (1.5 x the timeout + 1 s)");
    }
}
