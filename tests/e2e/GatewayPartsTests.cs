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
    public void Psk_file_with_a_device_id_or_fallback_given_twice_is_refused_naming_both_lines()
    {
        var e = Assert.Throws<FormatException>(() => PskStore.Parse(new[]
        {
            "a0b1c2d3e4f5=text:sixteen-bytes-psk!", "# the same device, written differently", "A0:B1:C2:D3:E4:F5=text:another-16-byte-psk",
        }, "psks.txt"));
        Assert.StartsWith("psks.txt:3: device id a0b1c2d3e4f5 is already given at line 1", e.Message);
        e = Assert.Throws<FormatException>(() => PskStore.Parse(new[] { "*=text:fallback-psk-for-all", "*=text:fallback-psk-for-all" }, "p"));
        Assert.StartsWith("p:2: the fallback `*` is already given at line 1", e.Message);
    }

    [Fact]
    public void Psk_file_that_group_or_others_may_access_is_refused_unless_allowed()
    {
        string dir = Directory.CreateTempSubdirectory("usmp-psk-").FullName;
        try
        {
            string path = Path.Combine(dir, "psks.txt");
            File.WriteAllText(path, "*=text:fallback-psk-for-all\n");
            var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            foreach (var extra in new[] { UnixFileMode.GroupRead, UnixFileMode.OtherRead, UnixFileMode.OtherWrite, UnixFileMode.GroupExecute })
            {
                File.SetUnixFileMode(path, owner | extra);
                var e = Assert.Throws<PskFilePermissionException>(() => PskStore.Load(path));
                Assert.Contains($"chmod 600 {path}", e.Message);
                Assert.DoesNotContain("\n", e.Message);
                Assert.Equal(1, PskStore.Load(path, allowOpenMode: true).Count);
            }
            File.SetUnixFileMode(path, owner);
            Assert.Equal(1, PskStore.Load(path).Count);
            File.SetUnixFileMode(path, UnixFileMode.UserRead);
            Assert.Equal(1, PskStore.Load(path).Count);
            Assert.Throws<FileNotFoundException>(() => PskStore.Load(Path.Combine(dir, "missing")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Refusal_log_writes_a_burst_then_a_rate_and_reports_what_it_suppressed()
    {
        long now = 0;
        var log = new ListLogger();
        using var refusals = new RefusalLog(log, burst: 3, perSecond: 2, nowMs: () => now);
        for (int i = 0; i < 10; i++) refusals.Warn("refused peer={Peer}", i);
        Assert.Equal(3, log.Lines.Count);
        Assert.Equal(7, refusals.Pending);
        now += 1000;                                   // 2 more tokens
        for (int i = 0; i < 5; i++) refusals.Warn("refused peer={Peer}", i);
        Assert.Equal(5, log.Lines.Count);
        refusals.Flush();
        Assert.Equal("10 refusal lines suppressed in the last 1.0 s (limit: 3 lines, then 2/s)", log.Lines[^1]);
        Assert.Equal(0, refusals.Pending);
        refusals.Flush();
        Assert.Equal(6, log.Lines.Count);              // nothing pending: no line
    }

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<string> Lines { get; } = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel level) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel level, Microsoft.Extensions.Logging.EventId id, TState state, Exception? e, Func<TState, Exception?, string> format)
            => Lines.Add(format(state, e));
    }

    [Fact]
    public void Tcp_link_to_a_peer_that_never_reads_fails_once_its_queue_is_over_the_bound()
    {
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var peer = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        peer.Connect(listener.LocalEndPoint!);                 // ... and never reads
        using var gatewaySide = listener.Accept();
        gatewaySide.SendBufferSize = 4096;
        string? failed = null;
        var link = new TcpSessionSender(gatewaySide, () => gatewaySide.Close(), maxQueuedBytes: 8 * 1024, onFail: r => failed = r);
        byte[] frame = new byte[UsmpConstants.MaxFrame];
        int n = 0;
        for (; n < 10_000 && failed == null; n++) { link.Enqueue((byte[])frame.Clone(), 0u); if (n % 16 == 0) Thread.Sleep(1); }
        Assert.NotNull(failed);
        Assert.StartsWith("peer is not reading: more than 8192 bytes waiting", failed);
        Assert.True(n < 1000, $"{n} frames accepted before the bound hit");
        Assert.ThrowsAny<Exception>(() => link.FlushAsync(CancellationToken.None).GetAwaiter().GetResult());
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
    public void When_every_connection_is_taken_an_unauthenticated_one_from_a_busier_ip_makes_way_after_the_grace()
    {
        long now = 0;
        var limits = new ConnectionLimits(new GatewayOptions { MaxConnections = 3, MaxConnectionsPerIp = 3 }, () => now);
        IPAddress a = IPAddress.Parse("10.0.0.1"), b = IPAddress.Parse("10.0.0.2"), c = IPAddress.Parse("10.0.0.3");
        Assert.Null(limits.Admit(a, out var a1));
        now += 10;
        Assert.Null(limits.Admit(a, out var a2));
        Assert.Null(limits.Admit(b, out var b1));
        Assert.True(limits.Authenticated(b1!));
        Assert.Equal(RefusalReason.TooManyConnections, limits.Admit(c, out _));   // nobody past the grace yet
        now += 2000;
        Assert.Null(limits.Admit(c, out var c1));
        Assert.True(a1!.WasEvicted && a1.Evicted.IsCancellationRequested);       // A's oldest, not B's session
        Assert.False(a2!.WasEvicted || b1!.WasEvicted);
        Assert.False(limits.Authenticated(a1));                                 // its place is gone
        limits.Release(a1);                                                     // idempotent
        Assert.Equal(3, limits.Total);
        now += 2000;
        Assert.Equal(RefusalReason.TooManyConnections, limits.Admit(a, out _));  // A (1) may not evict C (1) or a session
        Assert.Null(limits.Admit(IPAddress.Parse("10.0.0.4"), out _));          // D (0) may evict A's or C's stalled one
        Assert.Equal(2, limits.Evictions);
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
