// §1, §5, §8: a session frame that fails one check, field by field. TCP: the gateway closes the
// connection (§4); UDP: it drops the frame and the session goes on (§8).
using System.Security.Cryptography;
using static Usmp.Cli.Conformance.Verdict;

namespace Usmp.Cli.Conformance;

internal static class FrameRows
{
    // An injected bad frame carries the seq the device sends next without using it up (an attacker's
    // frame does not advance the device): the device's next genuine frame then follows with no gap.
    private static byte[] Data(RawDevice d) => d.Seal(WireCodec.Data, [1, 2, 3], seq: d.TxSeq);

    private static byte[] WithHeader(byte[] f, Action<byte[]> change) { change(f); WireCodec.FixCrc(f); return f; }

    public static IEnumerable<Row> All() =>
    [
        new("frame.bad-magic", "§1", "session frame with magic 0xABCE refused", On.Both,
            t => Checks.SessionFrameRefused(t, d => WithHeader(Data(d), f => f[0] = 0xCE), "a bad magic")),
        new("frame.bad-version", "§1", "session frame with version 0x03 refused", On.Both,
            t => Checks.SessionFrameRefused(t, d => WithHeader(Data(d), f => f[2] = 0x03), "version 3")),
        new("frame.unknown-type", "§1 §2", "session frame of unknown type 0x0C refused", On.Both,
            t => Checks.SessionFrameRefused(t, d => d.Seal(0x0C, [1, 2, 3], seq: d.TxSeq), "type 0x0C")),
        new("frame.error-type", "§2", "type 0xFF (ERROR, never sent) refused", On.Both,
            t => Checks.SessionFrameRefused(t, d => d.Seal(0xFF, [1, 2, 3], seq: d.TxSeq), "type 0xFF")),
        new("frame.length-481", "§1 §8", "declared length 481 refused", On.Both,
            t => Checks.SessionFrameRefused(t, _ => WireCodec.Frame(WireCodec.Data, 0, new byte[481]), "length 481")),
        new("frame.bad-crc", "§1", "session frame with a wrong CRC refused", On.Both,
            t => Checks.SessionFrameRefused(t, d => { byte[] f = Data(d); f[10] ^= 0x5A; return f; }, "a wrong CRC")),
        new("frame.tag", "§5", "session frame with one tag bit flipped refused", On.Both,
            t => Checks.SessionFrameRefused(t, d => { byte[] f = Data(d); f[^1] ^= 1; WireCodec.FixCrc(f); return f; }, "a bad GCM tag")),
        new("frame.carried-nonce", "§5", "carried nonce differing from seq ‖ session_id[0:8] refused", On.Both,
            t => Checks.SessionFrameRefused(t, d => { byte[] f = Data(d); f[WireCodec.Header + 11] ^= 1; WireCodec.FixCrc(f); return f; }, "a wrong carried nonce")),
        new("frame.aad-length", "§5", "header changed after sealing (AAD = header bytes 0-9) refused", On.Both,
            t => Checks.SessionFrameRefused(t, d => WithHeader(Data(d), f => f[3] = WireCodec.DataFrag), "a header that differs from the AAD")),
        new("frame.reflected", "§3 §5", "a frame sealed with the gateway's own key (k_s2c) refused", On.Both,
            t => Checks.SessionFrameRefused(t, d => d.Seal(WireCodec.Data, [1, 2, 3], seq: d.TxSeq, key: d.Rx), "a reflected-key frame")),
        new("frame.datagram-size", "§8", "datagram of 12 + length + 1 bytes dropped", On.Udp,
            t => Checks.SessionFrameRefused(t, d => [.. Data(d), 0], "a datagram one byte too long")),
        new("frame.datagram-short", "§8", "datagram of 11 bytes dropped", On.Udp,
            t => Checks.SessionFrameRefused(t, d => Data(d)[..11], "an 11-byte datagram")),
        new("frame.truncated-payload", "§5", "session frame shorter than the 28 B AEAD overhead refused", On.Both,
            t => Checks.SessionFrameRefused(t, d => WireCodec.Frame(WireCodec.Data, d.TxSeq, RandomNumberGenerator.GetBytes(20)), "a 20 B payload")),
    ];
}
