// HandshakeSlots (issue 10 class 4): slots shared fairly between IPs; a handshake that stalled
// past the grace is evicted for a less busy IP, never for its own IP and never while young; the
// per-IP cap only lets an IP replace its own stalled handshake. Manual clock, Tick by hand.
using System.Net;
using Usmp.Gateway;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public class HandshakeSlotsTests
{
    private static readonly IPAddress A = IPAddress.Parse("10.0.0.1"), B = IPAddress.Parse("10.0.0.2"), C = IPAddress.Parse("10.0.0.3");
    private const int GraceMs = 2000;
    private long _now;

    private HandshakeSlots Slots(int capacity, int perIp = 100) => new(capacity, perIp, TimeSpan.FromMilliseconds(GraceMs), () => _now);

    private static Task<HandshakeSlots.Lease?> Wait(HandshakeSlots s, IPAddress ip) => s.EnterAsync(ip, TimeSpan.FromSeconds(30), CancellationToken.None);

    [Fact]
    public async Task A_freed_slot_goes_to_the_waiting_ip_holding_the_fewest_not_the_first_in_line()
    {
        using var slots = Slots(2);
        var a1 = await Wait(slots, A);
        var a2 = await Wait(slots, A);
        var a3 = Wait(slots, A);             // A waits first ...
        var b1 = Wait(slots, B);             // ... B after it
        Assert.False(a3.IsCompleted || b1.IsCompleted);
        a1!.Dispose();
        Assert.True((await b1) is { } lb && lb.Ip.Equals(B));   // B holds 0, A holds 1: B first
        Assert.False(a3.IsCompleted);
        a2!.Dispose();
        Assert.True((await a3) is { } la && la.Ip.Equals(A));
        Assert.Equal(0, slots.Evictions);
    }

    [Fact]
    public async Task A_stalled_handshake_is_evicted_for_a_less_busy_ip_once_its_grace_has_run_out()
    {
        using var slots = Slots(2);
        var a1 = (await Wait(slots, A))!;
        _now += 500;
        var a2 = (await Wait(slots, A))!;
        var b = Wait(slots, B);
        _now += GraceMs - 501;
        slots.Tick();
        Assert.False(b.IsCompleted);                     // nobody stalled yet: B waits
        _now += 1;
        slots.Tick();
        var lb = await b;                                 // a1 (the oldest of the busiest IP) made way
        Assert.True(a1.WasEvicted && a1.Evicted.IsCancellationRequested);
        Assert.False(a2.WasEvicted);
        Assert.Equal(1, slots.HeldBy(A));
        Assert.Equal(1, slots.HeldBy(B));
        a1.Dispose();                                     // the evicted handshake ends later: no double release
        Assert.Equal(2, slots.InUse);
        lb!.Dispose();
        a2.Dispose();
        Assert.Equal(0, slots.InUse);
    }

    [Fact]
    public async Task An_ip_never_evicts_itself_nor_an_ip_holding_no_more_than_it()
    {
        using var slots = Slots(2);
        var a = (await Wait(slots, A))!;
        var b = (await Wait(slots, B))!;
        var a2 = Wait(slots, A);                          // A holds 1, B holds 1: neither is busier than A
        _now += 10 * GraceMs;
        slots.Tick();
        Assert.False(a2.IsCompleted);
        Assert.False(a.WasEvicted || b.WasEvicted);
        Assert.Equal(0, slots.Evictions);
        a.Dispose();                                      // a release serves the waiter as usual
        Assert.True((await a2)!.Ip.Equals(A));
    }

    [Fact]
    public void TryEnter_evicts_the_busiest_ips_oldest_stalled_handshake_and_tells_it()
    {
        using var slots = Slots(3, perIp: 3);
        int evicted = 0;
        var a1 = slots.TryEnter(A, () => evicted++)!;
        _now += 10;
        var a2 = slots.TryEnter(A, () => evicted++)!;
        var b1 = slots.TryEnter(B, () => evicted++)!;
        Assert.Null(slots.TryEnter(C));                   // full, nothing stalled: refused, no eviction
        _now += GraceMs;
        var c1 = slots.TryEnter(C);
        Assert.NotNull(c1);
        Assert.True(a1.WasEvicted);                       // A holds 2 > B's 1: its oldest goes
        Assert.Equal(1, evicted);
        Assert.False(a2.WasEvicted || b1.WasEvicted);
        Assert.Null(slots.TryEnter(C));                   // C now holds 1, as many as A and B: no victim for it
        var d1 = slots.TryEnter(IPAddress.Parse("10.0.0.4"));   // D holds 0: a2 or b1 (stalled) goes, never the young c1
        Assert.NotNull(d1);
        Assert.Equal(2, evicted);
        Assert.True(a2.WasEvicted ^ b1.WasEvicted);
        Assert.False(c1!.WasEvicted);
    }

    [Fact]
    public void An_ip_at_its_cap_can_only_replace_its_own_stalled_handshake()
    {
        using var slots = Slots(10, perIp: 3);
        var own = Enumerable.Range(0, 3).Select(_ => slots.TryEnter(A)!).ToList();
        var other = slots.TryEnter(B)!;
        Assert.Null(slots.TryEnter(A));                   // at its cap, none stalled
        _now += GraceMs;
        var fourth = slots.TryEnter(A);
        Assert.NotNull(fourth);
        Assert.True(own[0].WasEvicted);
        Assert.False(other.WasEvicted);                   // never another IP's, though B's is stalled too
        Assert.Equal(3, slots.HeldBy(A));
    }

    [Fact]
    public async Task Giving_up_on_the_wait_returns_null_and_leaves_no_waiter()
    {
        using var slots = new HandshakeSlots(1, 1, TimeSpan.FromSeconds(60));
        using var held = (await slots.EnterAsync(A, TimeSpan.FromSeconds(1), CancellationToken.None))!;
        Assert.Null(await slots.EnterAsync(B, TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.Equal(0, slots.Waiting);
    }
}
