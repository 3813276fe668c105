// Attacks on session frames (spec §1, §5, §6, §8), each over TCP and UDP, towards the gateway and
// towards the device. Case counts go to AttackLog per class.
using System.Security.Cryptography;
using Xunit;

namespace Usmp.Adversarial.Tests;

[Collection("gateway")]
public sealed class SessionFrameAttackTests(GatewayFixture fx)
{
    public static TheoryData<Wire, Direction> Sides() => new()
    {
        { Wire.Tcp, Direction.ToGateway }, { Wire.Tcp, Direction.ToDevice },
        { Wire.Udp, Direction.ToGateway }, { Wire.Udp, Direction.ToDevice },
    };

    private AttackCase Case(Wire w, Direction d, string name, Func<Packet, ProxyFlow, Verdict> act,
        Outcome expect = Outcome.BadFrame, Func<Packet, bool>? match = null, int size = 16) => new()
    {
        Fx = fx, Wire = w, Direction = d, Name = $"{w} {d} {name}", Act = act, Expect = expect,
        Match = match ?? AttackCase.ThirdData(d), Size = size,
    };

    // One bit in every byte of a 56-byte DATA frame (header, nonce, ciphertext, tag, CRC), CRC left
    // wrong: the CRC or an earlier header check must catch it.
    [Theory, MemberData(nameof(Sides))]
    public void BitFlip_every_byte_of_a_data_frame(Wire w, Direction d)
    {
        var cases = Enumerable.Range(0, 56).Select(off => Case(w, d, $"flip byte {off}",
            (p, _) => Verdict.With(Frames.FlipBit(p.Bytes, off * 8 + off % 8))));
        AttackCase.RunAll(cases, "bit flip (CRC left wrong)");
        fx.AssertHonestUntouched();
    }

    // The same flips with the CRC recomputed (CRC is not a MAC): now the version/type/length checks,
    // the carried-nonce check, the AEAD tag (AAD = header) and the seq rule must catch them.
    [Theory, MemberData(nameof(Sides))]
    public void BitFlip_every_byte_with_crc_repaired(Wire w, Direction d)
    {
        var cases = Enumerable.Range(0, 56).Where(off => off is not (10 or 11)).Select(off => Case(w, d, $"flip+crc byte {off}",
            (p, _) => Verdict.With(Frames.WithFixedCrc(Frames.FlipBit(p.Bytes, off * 8 + (off * 3) % 8)))));
        AttackCase.RunAll(cases, "bit flip (CRC repaired)");
        fx.AssertHonestUntouched();
    }

    // A fragmented message (1000 B = DATA_FRAG, DATA_FRAG, DATA): flips in a middle fragment.
    [Theory, MemberData(nameof(Sides))]
    public void BitFlip_in_a_fragment(Wire w, Direction d)
    {
        var cases = new[] { 5, 12, 20, 100, 300, 479 }.Select(off => Case(w, d, $"frag flip {off}",
            (p, _) => Verdict.With(Frames.WithFixedCrc(Frames.FlipBit(p.Bytes, off * 8 + 1))),
            match: p => p.IsFrame && p.Direction == d && p.Type == Frames.DataFrag && p.Seq == 7, size: 1000));
        AttackCase.RunAll(cases, "bit flip (fragment)");
        fx.AssertHonestUntouched();
    }

    // TCP: the next frame has the wrong seq -> SequenceException. UDP: the ARQ resends it -> delivered.
    [Theory, MemberData(nameof(Sides))]
    public void Drop(Wire w, Direction d)
    {
        var cases = new[] { 0, 1, 2 }.Select(seq => Case(w, d, $"drop seq {seq}", (_, _) => Verdict.Drop(),
            w == Wire.Tcp ? Outcome.BadFrame : Outcome.AllDelivered,
            Usmp.Adversarial.Match.SessionFrame(d, Frames.Data, (uint)seq)) with { CleanBefore = seq });
        AttackCase.RunAll(cases, "drop");
        fx.AssertHonestUntouched();
    }

    // TCP: the copy has an old seq -> SequenceException. UDP: the replay window drops it -> once only.
    [Theory, MemberData(nameof(Sides))]
    public void Duplicate(Wire w, Direction d)
    {
        var cases = new[] { 1, 2, 3 }.Select(copies => Case(w, d, $"duplicate x{copies}",
            (p, _) => Verdict.With(Enumerable.Repeat(p.Bytes, copies + 1).ToArray()),
            w == Wire.Tcp ? Outcome.BadFrame : Outcome.AllDelivered));
        AttackCase.RunAll(cases, "duplicate");
        fx.AssertHonestUntouched();
    }

    // A delay changes nothing on TCP (order kept). On UDP a delay past the RTO makes the ARQ resend
    // first; the late original is then a duplicate the window drops.
    [Theory, MemberData(nameof(Sides))]
    public void Delay(Wire w, Direction d)
    {
        var cases = new[] { 50, 400, 1500 }.Select(ms => Case(w, d, $"delay {ms} ms",
            (p, _) => Verdict.Delayed(p, ms), Outcome.AllDelivered) with { EchoTimeoutMs = 4000 });
        AttackCase.RunAll(cases, "delay");
        fx.AssertHonestUntouched();
    }

    // Swap two consecutive frames of one message. TCP: SequenceException. UDP (stop-and-wait): the held
    // frame comes after its own resend, so it is a late duplicate: dropped, delivered once.
    [Theory, MemberData(nameof(Sides))]
    public void Reorder(Wire w, Direction d)
    {
        // 1000-byte messages are 3 frames each: message 2 is seqs 6 (FRAG), 7 (FRAG), 8 (DATA).
        var cases = new[] { 6u, 7u }.Select(seq => new AttackCase
        {
            Fx = fx, Wire = w, Direction = d, Name = $"{w} {d} swap seq {seq} and {seq + 1}", Size = 1000,
            Expect = w == Wire.Tcp ? Outcome.BadFrame : Outcome.AllDelivered,
            Policy = () => new SwapNextPolicy(p => p.IsFrame && p.Direction == d && p.Seq == seq && Frames.IsSessionType(p.Type)),
        });
        AttackCase.RunAll(cases, "reorder");
        fx.AssertHonestUntouched();
    }

    // Random garbage before a frame (first byte never 0xCD), or a well-formed header with a random payload.
    [Theory, MemberData(nameof(Sides))]
    public void Inject_garbage(Wire w, Direction d)
    {
        var cases = new List<AttackCase>();
        foreach (int n in new[] { 1, 5, 12, 40, 200 })
        {
            byte[] junk = RandomNumberGenerator.GetBytes(n);
            junk[0] = 0x00;
            cases.Add(Case(w, d, $"garbage {n} B", (p, _) => Verdict.With(junk, p.Bytes)));
        }
        foreach (int n in new[] { 0, 28, 44, 480 })
        {
            byte[] fake = Frames.Build(Frames.Data, 2, RandomNumberGenerator.GetBytes(n));
            cases.Add(Case(w, d, $"forged DATA {n} B", (p, _) => Verdict.With(fake, p.Bytes)));
        }
        AttackCase.RunAll(cases, "inject garbage");
        fx.AssertHonestUntouched();
    }

    // A header declaring more than 480 bytes (§1): rejected before any payload is read.
    [Theory, MemberData(nameof(Sides))]
    public void Oversize_declared_length(Wire w, Direction d)
    {
        var cases = new[] { 481, 492, 1000, 4096, 65535 }.Select(len => Case(w, d, $"length {len}",
            (p, _) => Verdict.With(Frames.Build(Frames.Data, p.Seq, RandomNumberGenerator.GetBytes(Math.Min(len, 600)), declaredLength: len))));
        AttackCase.RunAll(cases, "oversize length");
        fx.AssertHonestUntouched();
    }

    // TCP: a frame cut short, then the connection closed: the receiver sees a close mid-frame.
    // UDP: a cut datagram fails the size check (no UTACK), the ARQ resends the whole frame.
    [Theory, MemberData(nameof(Sides))]
    public void Truncate_and_close(Wire w, Direction d)
    {
        var cases = new[] { 1, 6, 11, 12, 30, 55 }.Select(keep => Case(w, d, $"truncate to {keep} + close",
            (p, _) => w == Wire.Tcp ? Verdict.Then(AfterVerdict.Close, Frames.Slice(p.Bytes, 0, keep)) : Verdict.With(Frames.Slice(p.Bytes, 0, keep)),
            w == Wire.Tcp ? Outcome.ConnectionEnds : Outcome.AllDelivered));
        AttackCase.RunAll(cases, "truncate + close");
        fx.AssertHonestUntouched();
    }
}

