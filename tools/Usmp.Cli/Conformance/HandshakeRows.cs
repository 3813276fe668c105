// §1, §3, §4: the handshake, its frame lengths and order, the proofs both ways, and the CRC rule
// on handshake frames (where the Python reference and the C core differ, spec §1 and §11.2).
using System.Security.Cryptography;
using static Usmp.Cli.Conformance.Verdict;

namespace Usmp.Cli.Conformance;

internal static class HandshakeRows
{
    public static IEnumerable<Row> All() =>
    [
        new("hs.established", "§3", "handshake with the right PSK completes", On.Both, t =>
        {
            using var d = t.Session();
            return Pass($"SESSION_OK verified ({(t.Udp ? "6" : "4")} messages)");
        }, Needs: null),
        new("hs.challenge-format", "§3", "CHALLENGE: 64 B payload, seq 0, CRC right", On.Both, t =>
        {
            using var d = t.Session();
            byte[] c = d.ChallengeFrame!;
            if (WireCodec.LengthOf(c) != 64 || WireCodec.SeqOf(c) != 0 || !WireCodec.CrcOk(c))
                return Fail($"length {WireCodec.LengthOf(c)}, seq {WireCodec.SeqOf(c)}, CRC {(WireCodec.CrcOk(c) ? "right" : "wrong")}");
            return Pass("64 B, seq 0, CRC right");
        }),
        new("hs.session-ok-format", "§3", "SESSION_OK: 48 B, seq 0, server proof verifies", On.Both, t =>
        {
            using var d = t.Session();
            byte[] s = d.SessionOkFrame!;
            if (WireCodec.LengthOf(s) != 48 || WireCodec.SeqOf(s) != 0) return Fail($"length {WireCodec.LengthOf(s)}, seq {WireCodec.SeqOf(s)}");
            return Pass("48 B, seq 0, HMAC(PSK, CDAB0204 ‖ nonce ‖ session_id ‖ pub_C ‖ pub_S) verified");
        }),
        new("hs.wrong-proof", "§3 §4", "HELLO_ACK with a wrong proof (wrong PSK): no SESSION_OK", On.Both,
            t => Checks.HandshakeRefused(t, "a wrong client proof", psk: RandomNumberGenerator.GetBytes(32))),
        new("hs.proof-flipped", "§3", "HELLO_ACK with one bit of the right proof flipped: no SESSION_OK", On.Both,
            t => Checks.HandshakeRefused(t, "a proof with one bit flipped", helloAck: a => { a[WireCodec.Header + 31] ^= 1; WireCodec.FixCrc(a); return a; })),
        new("hs.hello-ack-short", "§3", "HELLO_ACK of 31 B refused", On.Both,
            t => Checks.HandshakeRefused(t, "a 31 B HELLO_ACK", helloAck: a => Checks.Rebuild(a, p => p[..31]))),
        new("hs.wrong-type", "§3", "DATA in place of HELLO_ACK refused", On.Both,
            t => Checks.HandshakeRefused(t, "DATA in place of HELLO_ACK", helloAck: a => WireCodec.Frame(WireCodec.Data, 2, a[WireCodec.Header..]))),
        new("hs.hello-short", "§3", "HELLO of 37 B refused", On.Both,
            t => Checks.HandshakeRefused(t, "a 37 B HELLO", hello: h => Checks.Rebuild(h, p => p[..37]))),
        new("hs.hello-39", "§3 §8", "HELLO of 39 B refused (only 38 or 54)", On.Both,
            t => Checks.HandshakeRefused(t, "a 39 B HELLO", hello: h => Checks.Rebuild(h, p => [.. p[..38], 0]))),
        new("hs.hello-version", "§1 §4", "HELLO with version 0x01 refused", On.Both,
            t => Checks.HandshakeRefused(t, "a version 1 HELLO", hello: h => Checks.Rebuild(h, p => p, version: 0x01))),
        new("hs.hello-magic", "§1 §4", "HELLO with magic 0xABCE refused", On.Both,
            t => Checks.HandshakeRefused(t, "a bad-magic HELLO", hello: h => Checks.Rebuild(h, p => p, magic: 0xABCE))),
        new("hs.hello-cookie-tcp", "§3", "TCP HELLO of 54 B (trailing cookie ignored) accepted", On.Tcp, t =>
        {
            using var d = t.Device();
            var end = d.Handshake(hello: h => Checks.Rebuild(h, p => [.. p, .. RandomNumberGenerator.GetBytes(16)]));
            return end == HandshakeEnd.Established ? Pass("CHALLENGE and SESSION_OK as for 38 B") : Fail($"the 54 B HELLO was not accepted: {RawDevice.Describe(end)}");
        }),
        new("hs.hello-bad-crc", "§1 §4", "HELLO with a corrupted CRC", On.Both, t =>
        {
            using var d = t.Device();
            var end = d.Handshake(hello: h => { h[10] ^= 0x5A; return h; });
            if (end == HandshakeEnd.Established) return Pass("handshake completed, as the Python reference (no CRC check on handshake frames)");
            return Differs($"differs from the reference: refused ({RawDevice.Describe(end)}), as the C core does (it checks the CRC of handshake frames); the Python reference completes the handshake");
        }),
        new("hs.session-frame-first", "§3 §4", "a session frame before any handshake is refused", On.Both, t =>
        {
            using var d = t.Device();
            d.Link.Send(WireCodec.Frame(WireCodec.Data, 0, RandomNumberGenerator.GetBytes(40)));
            Packet? p = d.NextFrame(d.Udp ? 500 : t.TimeoutMs);
            if (d.Udp) return p == null && d.Utacks.Count == 0 ? Pass("no answer, no UTACK") : Fail($"the gateway answered: {(p != null ? WireCodec.Name(p.Type) : "a UTACK")}");
            return p?.Kind == PacketKind.Closed ? Pass("connection closed (§4)") : Fail(p == null ? $"the connection stayed open {t.TimeoutMs} ms" : $"the gateway answered with {WireCodec.Name(p.Type)}");
        }, Needs: null),
    ];
}
