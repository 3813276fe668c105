// §6: sequence numbers. TCP is strict (the next seq or the session ends); UDP has a 64-entry window
// (out of order inside it is delivered, 64 behind the highest is dropped, a replay is dropped);
// 0xFFFFFFFF is terminal; a REKEY resets the seqs but not what a replay may reuse.
using static Usmp.Cli.Conformance.Verdict;

namespace Usmp.Cli.Conformance;

internal static class SequenceRows
{
    public static IEnumerable<Row> All() =>
    [
        new("seq.gateway-from-zero", "§6", "the gateway's session frames start at seq 0 and are consecutive", On.Both, t =>
        {
            using var d = t.Session();
            d.Echo([1]); d.Echo([2]); d.Echo(Checks.Pattern(600));
            uint[] seen = [.. d.GatewaySeqs];
            return seen.SequenceEqual(new uint[] { 0, 1, 2, 3 }) ? Pass("0, 1, 2 (DATA_FRAG), 3 (DATA)") : Fail($"seqs {string.Join(", ", seen)}");
        }),
        new("seq.tcp-gap", "§6", "TCP: a skipped seq ends the session", On.Tcp, t =>
        {
            using var d = t.Session();
            d.Echo([1]);
            d.TxSeq++;
            d.Link.Send(d.Seal(WireCodec.Data, [2]));
            return Checks.AfterBadFrame(d, "a frame one seq ahead");
        }),
        new("seq.replay", "§6", "a replayed DATA frame is refused", On.Both, t =>
        {
            using var d = t.Session();
            byte[] f = d.Seal(WireCodec.Data, [7, 7]);
            d.Send(f);
            if (d.ReceiveMessage(t.TimeoutMs) == null) throw new Commands.StepFailed("no echo for the original frame");
            d.Link.Send(f);
            return Checks.AfterBadFrame(d, "a replayed frame");
        }),
        new("seq.udp-reorder", "§6", "UDP: two frames swapped inside the window are both delivered", On.Udp, t =>
        {
            using var d = t.Session();
            byte[] a = d.Seal(WireCodec.Data, "A"u8), b = d.Seal(WireCodec.Data, "B"u8);
            d.Send(b, attempts: 2); d.Send(a, attempts: 2);   // a hardened gateway may not acknowledge them
            var got = new[] { d.ReceiveMessage(t.TimeoutMs), d.ReceiveMessage(t.TimeoutMs) };
            string s = string.Concat(got.Select(m => m == null ? "-" : System.Text.Encoding.ASCII.GetString(m)));
            if (s is "BA" or "AB") return Pass($"both delivered ({s})");
            if (s == "--" && d.StillEchoes(2)) return Differs(Hardened("neither was delivered"));
            return Fail($"delivered: {s}");
        }),
        new("seq.udp-window-63", "§6", "UDP: a frame 63 behind the highest seq is delivered", On.Udp, t =>
        {
            using var d = t.Session();
            d.Echo([1]);
            d.TxSeq = 100;
            d.Send(d.Seal(WireCodec.Data, [100]), attempts: 2);
            d.ReceiveMessage(t.TimeoutMs / 2);           // a hardened gateway drops this one (a gap before it)
            d.Send(d.Seal(WireCodec.Data, [63], seq: 37), attempts: 2);
            byte[]? m = d.ReceiveMessage(t.TimeoutMs);
            if (m is [63]) return Pass("seq 37 after seq 100 delivered");
            if (m == null && d.StillEchoes(2)) return Differs(Hardened("seq 37 after seq 100 was not delivered"));
            return Fail(m == null ? "seq 37 after seq 100 was not delivered and the session stopped echoing" : $"delivered {m.Length} B, not the 1 B sent at seq 37");
        }),
        new("seq.udp-window-64", "§6", "UDP: a frame 64 behind the highest seq is dropped", On.Udp, t =>
        {
            using var d = t.Session();
            d.Echo([1]);
            d.TxSeq = 100;
            d.Send(d.Seal(WireCodec.Data, [100]), attempts: 2);
            d.ReceiveMessage(t.TimeoutMs / 2);           // delivered or not (see seq.udp-window-63): it moves rx_seq to 100
            d.Link.Send(d.Seal(WireCodec.Data, [64], seq: 36));
            byte[]? m = d.ReceiveMessage(t.TimeoutMs / 2);
            if (m is [64]) return Fail("seq 36 after seq 100 (seq <= rx_seq - 64) was delivered");
            return d.StillEchoes(2) ? Pass("seq 36 after seq 100 dropped; the session still echoes") : Fail("the session stopped echoing");
        }),
        new("seq.terminal", "§6", "UDP: a frame at seq 0xFFFFFFFF is not delivered (terminal)", On.Udp, t =>
        {
            using var d = t.Session();
            d.Link.Send(d.Seal(WireCodec.Data, [0xFF], seq: uint.MaxValue));
            byte[]? m = d.ReceiveMessage(500);
            return m == null ? Pass("not delivered (RX sequence overflow)") : Fail("the gateway delivered a frame at seq 0xFFFFFFFF");
        }),
        new("seq.replay-across-rekey", "§6 §7", "a frame from before a REKEY, replayed after it, is refused", On.Both, t =>
        {
            using var d = t.Session();
            byte[] old = d.Seal(WireCodec.Data, [1, 1]);
            d.Send(old);
            if (d.ReceiveMessage(t.TimeoutMs) == null) throw new Commands.StepFailed("no echo before the REKEY");
            if (!d.Rekey()) throw new Commands.StepFailed("REKEY not acknowledged");
            d.Echo([2, 2]);
            d.Link.Send(old);
            return Checks.AfterBadFrame(d, "a pre-REKEY frame replayed");
        }, Needs: "msg.rekey"),
    ];

    // Our gateway's departure (ARCHITECTURE.md, issue 10): a message must start right after the last
    // accepted frame, so nothing after a gap is delivered; an honest stop-and-wait sender never leaves one.
    private static string Hardened(string what) => $"differs from the reference: {what}, and the session goes on: the gateway delivers only frames " +
        "that follow the last accepted one (no partial or reordered messages; a stop-and-wait device never sends out of order); the reference delivers out-of-order frames inside the window";
}
