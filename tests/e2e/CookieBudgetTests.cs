// Cookie issuance (issue 10 class 4): budgeted per source address, so forged HELLOs with the
// victim's IP but other ports cannot spend the victim's cookies; a global cap bounds the total; an
// O(1) LRU bounds the addresses tracked. And a cookie starts at most one handshake (CookieLedger).
using System.Net;
using Usmp.Gateway;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public class CookieBudgetTests
{
    private static IPEndPoint At(string ip, int port) => new(IPAddress.Parse(ip), port);

    [Fact]
    public void Each_address_has_a_burst_of_10_then_5_per_second()
    {
        long now = 0;
        var budget = new CookieBudget(10, 5, 1000, 10_000, () => now);
        var a = At("10.0.0.1", 4000);
        Assert.Equal(10, Enumerable.Range(0, 20).Count(_ => budget.TryTake(a)));
        now += 1000;
        Assert.Equal(5, Enumerable.Range(0, 20).Count(_ => budget.TryTake(a)));
    }

    [Fact]
    public void A_flood_from_the_victims_ip_on_other_ports_does_not_spend_the_victims_cookies()
    {
        long now = 0;
        var budget = new CookieBudget(10, 5, 1000, 10_000, () => now);
        var victim = At("10.0.0.1", 40000);
        for (int i = 0; i < 5000; i++) { budget.TryTake(At("10.0.0.1", 1 + i % 30000)); now += 1; }
        Assert.True(budget.TryTake(victim));
    }

    [Fact]
    public void The_global_cap_bounds_all_addresses_together()
    {
        long now = 0;
        var budget = new CookieBudget(10, 5, 100_000, 100, () => now);
        Assert.Equal(100, Enumerable.Range(0, 1000).Count(i => budget.TryTake(At("10.0.1.1", 1000 + i))));
        now += 500;
        Assert.Equal(50, Enumerable.Range(0, 1000).Count(i => budget.TryTake(At("10.0.2.1", 1000 + i))));
    }

    [Fact]
    public void At_most_maxTracked_addresses_are_remembered_least_recently_used_first_forgotten()
    {
        long now = 0;
        var budget = new CookieBudget(2, 0.001, 3, 10_000, () => now);
        var a = At("10.0.0.1", 1);
        Assert.True(budget.TryTake(a) && budget.TryTake(a));
        Assert.False(budget.TryTake(a));                   // a's bucket is empty
        for (int i = 2; i <= 4; i++) budget.TryTake(At("10.0.0.1", i));
        Assert.Equal(3, budget.TrackedCount);
        Assert.True(budget.TryTake(a));                    // a was forgotten: a fresh bucket
    }

    [Fact]
    public void A_cookie_starts_one_handshake_until_a_new_hello_retry_rearms_it()
    {
        var ledger = new CookieLedger(4);
        var a = At("10.0.0.1", 1);
        Assert.True(ledger.TryUse(a, 100, 100));
        Assert.False(ledger.TryUse(a, 100, 100));          // replayed
        Assert.True(ledger.TryUse(At("10.0.0.1", 2), 100, 100));
        ledger.Rearm(a, 100);                              // a new HELLO_RETRY to a
        Assert.True(ledger.TryUse(a, 100, 100));
        Assert.True(ledger.TryUse(a, 99, 100));            // the previous bucket's cookie is another cookie
        Assert.True(ledger.TryUse(At("10.0.0.3", 1), 100, 100));
        Assert.False(ledger.TryUse(At("10.0.0.4", 1), 100, 100));   // full: fail closed
        Assert.True(ledger.TryUse(At("10.0.0.4", 1), 101, 102));    // ... until old buckets expire (all but 101 gone)
        Assert.Equal(1, ledger.Count);
    }
}
