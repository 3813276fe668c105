// The failed-handshake limiter (spec §9, and where we depart from it: HandshakeLimiter.cs):
// lockouts escalate min(60, 2^(fails-5)) s and the count survives the end of each lockout; only a
// quiet period forgets it; a success halves it.
using System.Net;
using Usmp.Gateway;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public class HandshakeLimiterTests
{
    private static readonly IPAddress Ip = IPAddress.Parse("10.0.0.1");

    [Fact]
    public void Five_failures_lock_out_for_1_s_and_each_later_one_doubles_it_up_to_60_s()
    {
        long now = 0;
        var limiter = new HandshakeLimiter(new GatewayOptions(), () => now);
        for (int i = 1; i <= 4; i++) Assert.Equal(TimeSpan.Zero, limiter.RecordFailure(Ip));
        Assert.False(limiter.IsLockedOut(Ip));
        var seen = new List<double>();
        for (int fails = 5; fails <= 13; fails++)
        {
            TimeSpan lockout = limiter.RecordFailure(Ip);
            seen.Add(lockout.TotalSeconds);
            Assert.True(limiter.IsLockedOut(Ip));
            now += (long)lockout.TotalMilliseconds + 1;       // wait the lockout out, then guess again
            Assert.False(limiter.IsLockedOut(Ip));
            Assert.Equal(fails, limiter.FailuresOf(Ip));      // the end of a lockout forgets nothing
        }
        Assert.Equal(new double[] { 1, 2, 4, 8, 16, 32, 60, 60, 60 }, seen);
        Assert.False(limiter.IsLockedOut(IPAddress.Parse("10.0.0.2")));
    }

    [Fact]
    public void The_count_is_forgotten_only_after_a_quiet_period_counted_from_the_end_of_the_lockout()
    {
        long now = 0;
        var options = new GatewayOptions();
        var limiter = new HandshakeLimiter(options, () => now);
        for (int i = 0; i < 11; i++) limiter.RecordFailure(Ip);          // 11th: locked for 60 s
        long quietMs = (long)options.LimiterPruneAfter.TotalMilliseconds;
        now += 60_000 + quietMs - 1;                                     // lockout over, not yet quiet long enough
        Assert.Equal(11, limiter.FailuresOf(Ip));
        Assert.Equal(TimeSpan.FromSeconds(60), limiter.RecordFailure(Ip));
        now += 60_000 + quietMs + 1;                                     // quiet for the whole period
        Assert.Equal(0, limiter.FailuresOf(Ip));
        Assert.Equal(0, limiter.TrackedCount);
        Assert.Equal(TimeSpan.Zero, limiter.RecordFailure(Ip));          // starts over
    }

    [Fact]
    public void A_success_halves_the_count_so_interleaved_successes_do_not_reset_a_guesser()
    {
        long now = 0;
        var limiter = new HandshakeLimiter(new GatewayOptions(), () => now);
        var lockouts = new List<double>();
        for (int round = 0; round < 6; round++)     // 4 wrong proofs, then 1 success with a key it holds
        {
            for (int i = 0; i < 4; i++)
            {
                TimeSpan l = limiter.RecordFailure(Ip);
                lockouts.Add(l.TotalSeconds);
                now += (long)l.TotalMilliseconds + 1;
            }
            limiter.RecordSuccess(Ip);
        }
        Assert.True(lockouts.Max() >= 4, $"lockouts seen: {string.Join(",", lockouts)}");
        for (int i = 0; i < 4; i++) limiter.RecordSuccess(Ip);
        Assert.Equal(0, limiter.FailuresOf(Ip));      // an honest device that recovered sheds its history
    }
}
