// The gateway's limit and PSK parts (spec §8, §9), with injected clocks.
using System.Net;
using Usmp.Gateway;
using Xunit;

namespace Usmp.EndToEnd.Tests;

public class GatewayPartsTests
{
    [Fact]
    public void Psk_file_parses_hex_text_and_fallback_and_refuses_short_keys()
    {
        var store = PskStore.Parse(new[]
        {
            "# comment", "", "a0b1c2d3e4f5=text:sixteen-bytes-psk!", "A0:B1:C2:D3:E4:F6=000102030405060708090a0b0c0d0e0f", "*=text:fallback-psk-for-everyone",
        });
        Assert.Equal("sixteen-bytes-psk!"u8.ToArray(), store.Resolve(Convert.FromHexString("a0b1c2d3e4f5")));
        Assert.Equal(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"), store.Resolve(Convert.FromHexString("a0b1c2d3e4f6")));
        Assert.Equal("fallback-psk-for-everyone"u8.ToArray(), store.Resolve(Convert.FromHexString("000000000001")));
        Assert.Throws<FormatException>(() => PskStore.Parse(new[] { "a0b1c2d3e4f5=text:short" }));
        Assert.Throws<FormatException>(() => PskStore.Parse(new[] { "a0b1c2d3e4f5=00010203" }));
        Assert.Throws<FormatException>(() => PskStore.Parse(new[] { "xyz=text:long-enough-psk-here" }));
        Assert.Throws<FormatException>(() => PskStore.Parse(new[] { "no equals sign" }));
        Assert.Null(PskStore.Parse(new[] { "a0b1c2d3e4f5=text:sixteen-bytes-psk!" }).Resolve(Convert.FromHexString("a0b1c2d3e4f6")));
    }

    [Fact]
    public void Limiter_table_holds_at_most_1000_ips_and_prunes_idle_entries()
    {
        long now = 0;
        var limiter = new HandshakeLimiter(new GatewayOptions(), () => now);
        for (int i = 0; i < 1200; i++) { now++; limiter.RecordFailure(new IPAddress(0x0a000000 + i)); }
        Assert.Equal(1000, limiter.TrackedCount);
        now += 600_001;
        limiter.IsLockedOut(IPAddress.Loopback);
        Assert.Equal(0, limiter.TrackedCount);
    }

    [Fact]
    public void Cookie_token_bucket_allows_a_burst_of_10_then_5_per_second()
    {
        long now = 0;
        var bucket = new TokenBucket(10, 5, 1000, () => now);
        var ip = IPAddress.Loopback;
        int granted = Enumerable.Range(0, 20).Count(_ => bucket.TryTake(ip));
        Assert.Equal(10, granted);
        now += 1000;
        granted = Enumerable.Range(0, 20).Count(_ => bucket.TryTake(ip));
        Assert.Equal(5, granted);
    }

    [Fact]
    public void Connection_limits_enforce_total_and_per_ip()
    {
        var limits = new ConnectionLimits(new GatewayOptions { MaxConnections = 3, MaxConnectionsPerIp = 2 });
        var a = IPAddress.Parse("10.0.0.1"); var b = IPAddress.Parse("10.0.0.2");
        Assert.Null(limits.TryAcquire(a));
        Assert.Null(limits.TryAcquire(a));
        Assert.Equal(RefusalReason.TooManyPerIp, limits.TryAcquire(a));
        Assert.Null(limits.TryAcquire(b));
        Assert.Equal(RefusalReason.TooManyConnections, limits.TryAcquire(b));
        limits.Release(a);
        Assert.Null(limits.TryAcquire(b));
    }
}
