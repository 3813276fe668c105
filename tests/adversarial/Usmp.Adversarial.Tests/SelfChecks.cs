// The suite's own instruments must be able to fail: the delivery ledger rejects a forged, a
// duplicated and a reordered delivery, and an unattacked proxy relays every frame faithfully.
using Xunit;

namespace Usmp.Adversarial.Tests;

[Collection("gateway")]
public sealed class SelfChecks(GatewayFixture fx)
{
    private static readonly byte[] A = { 1 }, B = { 2 }, C = { 3 };

    [Fact]
    public void Ledger_accepts_an_in_order_subsequence_and_rejects_forged_duplicated_reordered()
    {
        Ledger.AssertSubsequence(new[] { A, B, C }, new[] { A, C }, "ok");
        Assert.ThrowsAny<Exception>(() => Ledger.AssertSubsequence(new[] { A, B }, new[] { A, new byte[] { 9 } }, "forged"));
        Assert.ThrowsAny<Exception>(() => Ledger.AssertSubsequence(new[] { A, B }, new[] { A, A }, "duplicate"));
        Assert.ThrowsAny<Exception>(() => Ledger.AssertSubsequence(new[] { A, B }, new[] { B, A }, "reordered"));
    }

    [Theory]
    [InlineData(Wire.Tcp)]
    [InlineData(Wire.Udp)]
    public void A_passive_proxy_relays_every_size_unchanged(Wire w)
    {
        new AttackCase
        {
            Fx = fx, Wire = w, Direction = Direction.ToGateway, Name = $"{w} passive", Expect = Outcome.AllDelivered,
            Match = _ => false, Act = (p, _) => Verdict.Pass(p),
        }.RunPassive(new[] { 0, 1, 451, 452, 453, 904, 1807, 1808 });
    }
}
