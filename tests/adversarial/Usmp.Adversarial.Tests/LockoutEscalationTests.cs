// Issue 10 class 5: online PSK guessing from one address (spec §9 limiter). The attacker sends
// wrong proofs as fast as the gateway lets it for a fixed time; the lockout must escalate (each
// lockout longer than the one before, up to the cap) instead of starting over at 1 s every time,
// so the number of proofs the gateway evaluates stays small. An honest device on another address
// completes its handshakes throughout.
using System.Diagnostics;
using Usmp.Gateway;
using Xunit;
using Xunit.Abstractions;

namespace Usmp.Adversarial.Tests;

[Collection("limits")]
public sealed class LockoutEscalationTests(ITestOutputHelper output)
{
    private const int AttackSeconds = 10;

    [Fact]
    public async Task Wrong_proofs_from_one_address_meet_an_escalating_lockout()
    {
        await using var gw = new GatewayUnderTest();   // threshold 5, cap 60 s (spec §9 defaults)
        var attacker = HandshakeBytes.Loopback(60);
        int proofs = 0, refused = 0;
        double longestLockoutS = 0;
        var sw = Stopwatch.StartNew();
        var honest = new List<HonestResult>();
        await Task.Run(() =>
        {
            Stopwatch? lockedSince = null;
            long nextHonestMs = 1000;
            while (sw.Elapsed.TotalSeconds < AttackSeconds)
            {
                using var p = new TcpProbe(attacker, gw.Tcp.LocalEndPoint);
                p.SendHello();
                var first = p.ReadFrame(3000);
                if (first is { Type: (byte)PacketType.Challenge })
                {
                    if (lockedSince != null) longestLockoutS = Math.Max(longestLockoutS, lockedSince.Elapsed.TotalSeconds);
                    lockedSince = null;
                    p.SendWrongProof();
                    p.ClosedWithin(3000);
                    proofs++;
                }
                else
                {
                    refused++;                                  // locked out: closed without a CHALLENGE
                    lockedSince ??= Stopwatch.StartNew();
                    Thread.Sleep(20);
                }
                if (sw.ElapsedMilliseconds >= nextHonestMs) { honest.Add(gw.Honest(Wire.Tcp)); nextHonestMs += 2000; }
            }
            if (lockedSince != null) longestLockoutS = Math.Max(longestLockoutS, lockedSince.Elapsed.TotalSeconds);
        });
        string figures = $"{proofs} wrong proofs evaluated and {refused} connections refused in {AttackSeconds} s; longest lockout seen {longestLockoutS:F1} s";
        output.WriteLine(figures);
        AttackLog.Tried("lockout escalation (wrong proofs)", proofs + refused);
        Assert.All(honest, h => Assert.True(h.Ok, $"honest device on 127.0.0.1 refused during the attack: {h.Error}"));
        Assert.NotEmpty(honest);
        // threshold 5, then 1 + 2 + 4 s of lockout leave room for at most a few more guesses in 10 s.
        Assert.True(proofs <= 10, $"lockout does not escalate: {figures}");
        Assert.True(longestLockoutS >= 3.5, $"no lockout longer than {longestLockoutS:F1} s: {figures}");
    }
}
