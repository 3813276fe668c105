// One row of the battery: a normative rule of usmp-v2.md that a device can observe or provoke at a
// gateway, the spec section it comes from, and its verdict. Verdicts:
//   pass      the gateway did what the rule says
//   fail      it did not
//   skipped   a row this one needs did not pass (named in the detail), or an option is missing
//   differs   this gateway does not do what the Python reference does, where the spec records that
//             implementations differ (§1 handshake CRC, §7 flood limit, §7 BYE mid-message) or where a
//             hardened gateway departs on purpose (§6 UDP frames out of order: no message with a hole)
//   warn      a weakness row: the rule allows it (the reference does it) but it is an attack surface
//             our gateway removed (acknowledging forged frames, delivering partial messages)
using System.Net;

namespace Usmp.Cli.Conformance;

internal enum Outcome { Pass, Fail, Skipped, Differs, Warn }

internal sealed record Verdict(Outcome Outcome, string Detail)
{
    public static Verdict Pass(string d) => new(Outcome.Pass, d);
    public static Verdict Fail(string d) => new(Outcome.Fail, d);
    public static Verdict Differs(string d) => new(Outcome.Differs, d);
    public static Verdict Warn(string d) => new(Outcome.Warn, d);
    public static Verdict Skip(string d) => new(Outcome.Skipped, d);
}

[Flags]
internal enum On { Tcp = 1, Udp = 2, Both = 3 }

/// <param name="Id">stable name for --only and the reports, e.g. "frame.bad-magic"</param>
/// <param name="Needs">the row that must have passed (or differed) first, else this one is skipped</param>
internal sealed record Row(string Id, string Section, string Title, On On, Func<Target, Verdict> Body, string? Needs = "hs.established");

internal sealed record RowResult(string Id, string Section, string Title, string Transport, Outcome Outcome, string Detail, double Ms);

/// <summary>What the rows run against, and the knobs a gateway author sets.</summary>
internal sealed class Target
{
    // A random block of 127/8 per run, so a second run against the same gateway does not inherit the
    // first run's per-IP state (failures are remembered for 10 minutes, §9).
    private int _nextSource = Random.Shared.Next(0, 250 * 250) * 250;
    public required IPEndPoint Endpoint { get; init; }
    public required bool Udp { get; init; }
    public required byte[] DeviceId { get; init; }
    public required byte[] Psk { get; init; }
    /// <summary>How long to wait for an answer that should come (ms).</summary>
    public int TimeoutMs { get; init; } = 2000;
    /// <summary>The gateway's session (idle) timeout in seconds, if the user gave it: enables the §9 idle row.</summary>
    public double? SessionTimeout { get; init; }
    /// <summary>The gateway's max_connections (§9), if the user gave it: enables the total-limit row.</summary>
    public int? MaxConnections { get; init; }
    /// <summary>After how many messages the gateway starts a REKEY itself, if the user said: enables the §7 row.</summary>
    public int? RekeyAfter { get; init; }
    /// <summary>The gateway's max_connections_per_ip (§9).</summary>
    public int MaxPerIp { get; init; } = 5;
    public int Seed { get; init; } = 7;
    public string Transport => Udp ? "udp" : "tcp";

    /// <summary>On loopback every device gets its own source address (127.0.0.2 ...), so per-IP state
    /// (lockout, session and handshake limits, cookie buckets) of one row never reaches another.
    /// Elsewhere the kernel's choice (rows that provoke failures are then followed by a good handshake).</summary>
    public IPAddress? NextSource()
    {
        if (!IPAddress.IsLoopback(Endpoint.Address)) return null;
        int n = Interlocked.Increment(ref _nextSource);
        return new IPAddress(new byte[] { 127, (byte)(1 + n / 62500 % 250), (byte)(n / 250 % 250), (byte)(2 + n % 250) });
    }

    /// <summary>True when every device gets its own source address (NextSource is not null).</summary>
    public bool DistinctSources => IPAddress.IsLoopback(Endpoint.Address);

    public RawDevice Device(byte[]? psk = null, byte[]? deviceId = null, IPAddress? local = null)
        => new(this, local ?? NextSource(), psk, deviceId);

    public RawDevice Session() => Device().Connect();
}
