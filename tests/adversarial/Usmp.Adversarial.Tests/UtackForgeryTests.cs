// UTACK forgery on UDP (spec §8), against both senders: the device's ARQ (its DATA towards the
// gateway) and the gateway's ARQ (its echo towards the device). Forged, garbled, replayed and
// misdirected UTACKs must never complete a frame: the sender resends it (the proxy sees >= 2
// copies), every message still arrives exactly once and in order, the session carries on, and
// nobody else is disturbed. See Proxy/UtackAttacks.cs for the two attack shapes.
using System.Security.Cryptography;
using Xunit;

namespace Usmp.Adversarial.Tests;

[Collection("gateway")]
public sealed class UtackForgeryTests(GatewayFixture fx)
{
    public static TheoryData<Direction> Senders() => new() { Direction.ToGateway, Direction.ToDevice };

    private const uint TargetSeq = 2;

    private static Func<Packet, bool> Target(Direction d, uint seq = TargetSeq) =>
        p => p.IsFrame && p.Direction == d && p.Type == Frames.Data && p.Seq == seq;

    private static void AssertResent(IAttackPolicy policy, string name)
    {
        int copies = policy switch { WithholdAndForgeUtack w => w.Copies, ReplaceUtack r => r.Copies, _ => -1 };
        Assert.True(copies >= 2, $"{name}: the sender did not resend the frame (copies seen: {copies}): a forged UTACK completed it");
    }

    private AttackCase Case(Direction d, string name, IAttackPolicy policy, int messages = 5, int clean = 2) => new()
    {
        Fx = fx, Wire = Wire.Udp, Direction = d, Name = $"Udp {d} {name}", Expect = Outcome.AllDelivered,
        Policy = () => policy, Messages = messages, CleanBefore = clean, EchoTimeoutMs = 4000,
        AlsoCheck = p => AssertResent(p, name),
    };

    // The target frame is withheld; its sender gets forged UTACKs instead of the real one.
    [Theory, MemberData(nameof(Senders))]
    public void Forged_utacks_do_not_complete_a_withheld_frame(Direction d)
    {
        byte data = Frames.Data;
        Direction back = Utacks.Back(d);
        var forgeries = new List<(string Name, Func<Packet, ProxyFlow, byte[][]> Forge)>
        {
            ("plain 7-byte UTACK (MAC missing)", (p, _) => new[] { Utacks.Build(data, p.Seq) }),
            ("random MAC", (p, _) => new[] { Utacks.Build(data, p.Seq, RandomNumberGenerator.GetBytes(8)) }),
            ("all-zero MAC", (p, _) => new[] { Utacks.Build(data, p.Seq, new byte[8]) }),
            ("MAC cut to 7 bytes (14-byte UTACK)", (p, _) => new[] { Utacks.Build(data, p.Seq, RandomNumberGenerator.GetBytes(8))[..14] }),
            ("replayed genuine UTACK of the previous seq", (p, f) => Utacks.Seen(f, back, data, p.Seq - 1).Take(1).ToArray()),
            ("previous seq's genuine UTACK relabelled to this seq", (p, f) => Utacks.Seen(f, back, data, p.Seq - 1).Take(1).Select(u => Utacks.Relabel(u, data, p.Seq)).ToArray()),
            ("previous seq's genuine UTACK relabelled DATA_FRAG", (p, f) => Utacks.Seen(f, back, data, p.Seq - 1).Take(1).Select(u => Utacks.Relabel(u, Frames.DataFrag, p.Seq)).ToArray()),
            ("plain UTACK for a handshake type at this seq", (p, _) => new[] { Utacks.Build(Frames.SessionOk, p.Seq), Utacks.Build(Frames.Hello, p.Seq) }),
            ("UTACKs for the neighbouring seqs (own MAC relabelled)", (p, f) => Utacks.Seen(f, back, data, p.Seq - 1).Take(1)
                .SelectMany(u => new[] { Utacks.Relabel(u, data, p.Seq + 1), Utacks.Relabel(u, data, p.Seq - 2), Utacks.Relabel(u, data, p.Seq + 0x100) }).ToArray()),
            // The UTACKs the frame's sender itself sent (MACed under its rx key, i.e. the wrong key
            // here): the one for this very (type, seq) when it exists, else relabelled ones.
            ("the sender's own UTACKs reflected back (wrong direction's key)", (p, f) =>
            {
                var own = Utacks.Seen(f, d, data, p.Seq);
                return own.Count > 0 ? own.Take(1).ToArray()
                    : f.Find(q => q.IsUtack && q.Direction == d && q.Type == data).Take(2).Select(q => Utacks.Relabel(q.Bytes, data, p.Seq)).ToArray();
            }),
            ("all of the above in one burst", (p, f) =>
            {
                var all = new List<byte[]> { Utacks.Build(data, p.Seq), Utacks.Build(data, p.Seq, RandomNumberGenerator.GetBytes(8)), Utacks.Build(Frames.SessionOk, p.Seq) };
                all.AddRange(Utacks.Seen(f, back, data, p.Seq - 1).Take(1).SelectMany(u => new[] { u, Utacks.Relabel(u, data, p.Seq) }));
                return all.ToArray();
            }),
        };
        var policies = forgeries.Select(x => new WithholdAndForgeUtack(Target(d), x.Forge)).ToList();
        var cases = forgeries.Select((x, i) => Case(d, $"withheld frame + {x.Name}", policies[i])).ToList();
        AttackCase.RunAll(cases, "UTACK forgery (frame withheld)", parallel: 4);
        // Every forgery really went out (an empty forgery would prove nothing).
        for (int i = 0; i < policies.Count; i++)
            Assert.True(policies[i].ForgedSent > 0, $"{forgeries[i].Name}: no forged UTACK was sent");
        fx.AssertHonestUntouched();
    }

    // The frame is delivered, but its genuine UTACK is garbled on the way back: one bit flipped in
    // each of its 15 bytes, the MAC stripped, an extra byte, or the UTACK sent twice garbled.
    [Theory, MemberData(nameof(Senders))]
    public void Garbled_genuine_utacks_are_ignored_and_the_resend_is_delivered_once(Direction d)
    {
        var garbles = new List<(string Name, Func<byte[], byte[][]> Garble)>();
        for (int i = 0; i < Utacks.MacedSize; i++)
        {
            int bit = i * 8 + (i * 5) % 8;
            garbles.Add(($"bit {bit} flipped (byte {i})", u => new[] { Frames.FlipBit(u, bit) }));
        }
        garbles.Add(("MAC stripped (7 bytes)", u => new[] { u[..Utacks.PlainSize] }));
        garbles.Add(("one byte appended (16 bytes)", u => new[] { Frames.Concat(u, new byte[] { 0 }) }));
        garbles.Add(("MAC reversed", u => new[] { Frames.Concat(u[..7], u[7..].Reverse().ToArray()) }));
        var cases = garbles.Select(g => Case(d, $"genuine UTACK garbled: {g.Name}", new ReplaceUtack(Target(d), g.Garble))).ToList();
        AttackCase.RunAll(cases, "UTACK forgery (genuine garbled)", parallel: 6);
        fx.AssertHonestUntouched();
    }

    // The right (type, seq) and a real MAC, but under ANOTHER live session's key: session A's genuine
    // UTACK for DATA seq 2 answers session B's withheld DATA seq 2. Only the key tells them apart.
    [Theory, MemberData(nameof(Senders))]
    public void A_utack_from_another_session_does_not_complete_a_frame(Direction d)
    {
        Direction back = Utacks.Back(d);
        ProxyFlow? donor = null;
        var policy = new WithholdAndForgeUtack(
            p => p.Flow == 1 && Target(d)(p),
            (p, _) => Utacks.Seen(donor!, back, Frames.Data, p.Seq).Take(1).ToArray());
        var run = Task.Factory.StartNew(() =>
        {
            var proxy = new UdpAttackProxy(fx.Endpoint(Wire.Udp), policy);
            using var a = new TestDevice(Wire.Udp, proxy.Endpoint);
            using var b = new TestDevice(Wire.Udp, proxy.Endpoint);
            try
            {
                Assert.True(a.Connect(), $"{a.Error}");
                for (int i = 0; i < 4; i++) Assert.True(a.Exchange(20, 4000), $"donor: {a.Error}");
                donor = proxy.Flows[0];
                Assert.NotEmpty(Utacks.Seen(donor, back, Frames.Data, TargetSeq));
                Assert.True(b.Connect(), $"{b.Error}");
                for (int i = 0; i < 5 && b.Error == null; i++) b.Exchange(20, 4000);
                for (int i = 0; i < 2; i++) Assert.True(a.Exchange(20, 4000), $"donor disturbed: {a.Error}");
                Assert.True(policy.Fired && policy.ForgedSent == 1, "the cross-session UTACK was not sent");
                var c = new AttackCase { Fx = fx, Wire = Wire.Udp, Direction = d, Name = $"Udp {d} UTACK from another session", Expect = Outcome.AllDelivered };
                c.CheckOutcome(b);
                c.CheckUntouched(a);
                AssertResent(policy, c.Name);
                Assert.Empty(proxy.Faults);
            }
            finally { proxy.DisposeAsync().AsTask().Wait(5000); }
        }, TaskCreationOptions.LongRunning);
        Assert.True(run.Wait(AttackCase.GuardMs), "hang guard");
        run.GetAwaiter().GetResult();
        AttackLog.Tried("UTACK forgery (other session's key)", 1);
        fx.AssertHonestUntouched();
    }

    // After a REKEY the seqs restart at 0: a genuine pre-REKEY UTACK for (DATA, 2) matches the new
    // DATA seq 2 in everything but the key. Device- and gateway-initiated REKEY.
    [Theory, MemberData(nameof(Senders))]
    public void A_pre_rekey_utack_does_not_complete_a_post_rekey_frame(Direction d)
    {
        Direction back = Utacks.Back(d);
        int tried = 0;
        foreach (bool gatewayRekeys in new[] { false, true })
        {
            bool rekeySeen = false;
            var policy = new WithholdAndForgeUtack(
                p => (rekeySeen |= p.IsFrame && p.Type == Frames.Rekey) && Target(d)(p),
                (p, f) => Utacks.Seen(f, back, Frames.Data, p.Seq).Take(1).ToArray());
            var run = Task.Factory.StartNew(() =>
            {
                var proxy = new UdpAttackProxy(fx.Endpoint(Wire.Udp), policy);
                using var dev = new TestDevice(Wire.Udp, proxy.Endpoint);
                try
                {
                    Assert.True(dev.Connect(), $"{dev.Error}");
                    for (int i = 0; i < 4; i++) Assert.True(dev.Exchange(24, 4000), $"{dev.Error}");
                    if (gatewayRekeys) Assert.True(dev.Exchange(System.Text.Encoding.ASCII.GetBytes("cmd:rekey-" + Guid.NewGuid()), 4000), $"rekey: {dev.Error}");
                    else { dev.Rekey(); Assert.Null(dev.Error); }
                    for (int i = 0; i < 5 && dev.Error == null; i++) dev.Exchange(24, 4000);
                    Assert.True(policy.Fired && policy.ForgedSent == 1, "the pre-REKEY UTACK was not replayed");
                    var c = new AttackCase
                    {
                        Fx = fx, Wire = Wire.Udp, Direction = d, Name = $"Udp {d} pre-REKEY UTACK (gateway rekeys: {gatewayRekeys})",
                        Expect = Outcome.AllDelivered, CleanBefore = 4,
                    };
                    c.CheckOutcome(dev);
                    AssertResent(policy, c.Name);
                    Assert.Empty(proxy.Faults);
                }
                finally { proxy.DisposeAsync().AsTask().Wait(5000); }
            }, TaskCreationOptions.LongRunning);
            Assert.True(run.Wait(AttackCase.GuardMs), "hang guard");
            run.GetAwaiter().GetResult();
            tried++;
        }
        AttackLog.Tried("UTACK forgery (replayed across REKEY)", tried);
        fx.AssertHonestUntouched();
    }
}
