// usmp soak: N concurrent devices x M messages (sizes 0..1808), half TCP (direct) and half UDP
// (through the attacker proxy with random loss), every echo checked against what was sent; the
// gateway child process is killed -9 at a fraction of the run and restarted on the same ports, and
// every device reconnects by itself (UsmpClient.ConnectWithRetry, ReconnectBackoff) and carries on.
//   dotnet run --project tests/adversarial/Soak -c Release -- [--devices 200] [--messages 1000]
//       [--loss 0.05] [--kill-at 0.5] [--seed 1] [--launcher tools/usmp]
// Prints figures (never asserts on time). Exit 1 if any message was lost, duplicated, reordered or
// corrupted, anything crashed, or memory grew with traffic (MemoryFlatness: gateway RSS and this
// process's managed heap, sampled every 10% of each gateway lifetime's messages).
using System.Diagnostics;
using System.Net;
using Usmp;
using Usmp.Adversarial;
using Usmp.Soak;

var opts = new Dictionary<string, string>
{
    ["--devices"] = "200", ["--messages"] = "1000", ["--loss"] = "0.05", ["--kill-at"] = "0.5", ["--seed"] = "1",
    ["--launcher"] = Path.Combine(FindRepo(), "tools", "usmp"),
};
for (int i = 0; i + 1 < args.Length; i += 2)
{
    if (!opts.ContainsKey(args[i])) { Console.Error.WriteLine($"unknown option {args[i]}; known: {string.Join(' ', opts.Keys)}"); return 2; }
    opts[args[i]] = args[i + 1];
}
int devices = int.Parse(opts["--devices"]), messages = int.Parse(opts["--messages"]), seed = int.Parse(opts["--seed"]);
double loss = double.Parse(opts["--loss"], System.Globalization.CultureInfo.InvariantCulture);
double killAt = double.Parse(opts["--kill-at"], System.Globalization.CultureInfo.InvariantCulture);
long total = (long)devices * messages;

var sw = Stopwatch.StartNew();
using var gateway = new GatewayProcess(opts["--launcher"]);
gateway.Start(0, 0, TimeSpan.FromMinutes(4));
Console.WriteLine($"soak: gateway pid {gateway.Pid} tcp {gateway.TcpPort} udp {gateway.UdpPort} (ready after {sw.Elapsed.TotalSeconds:F1} s)");
var lossPolicy = new RandomLossPolicy(loss, seed);
await using var proxy = new UdpAttackProxy(new IPEndPoint(IPAddress.Loopback, gateway.UdpPort), lossPolicy) { KeepHistory = false };

var stats = new Stats { BarrierIndex = killAt > 0 ? (int)(messages * killAt) : -1 };
var sims = Enumerable.Range(0, devices).Select(i => new DeviceSim(i, i % 2 == 0, i % 2 == 0
    ? new IPEndPoint(IPAddress.Loopback, gateway.TcpPort) : proxy.Endpoint, messages, seed, stats)).ToList();
GC.Collect();
long heapStart = GC.GetTotalMemory(true);
var memory = new MemoryFlatness();
long lifetime1End = stats.BarrierIndex > 0 ? (long)devices * stats.BarrierIndex : total;
var threads = sims.Select(s => new Thread(s.Run) { IsBackground = true, Name = $"device-{s.Index}" }).ToList();
threads.ForEach(t => t.Start());

long heapConnected = -1;
long rssConnected = -1, rssAtKill = -1, rssAfterRestart = -1, rssEnd = -1;
bool killed = false;
long downtimeMs = 0;
var lastReport = Stopwatch.StartNew();
while (threads.Any(t => t.IsAlive))
{
    Thread.Sleep(100);
    long done = Interlocked.Read(ref stats.Echoed);
    // Memory at every 10% of a lifetime's messages (lifetime 1's last point is taken at the barrier,
    // under every open session, before the kill).
    int out_ = Volatile.Read(ref stats.GaveUp) + Volatile.Read(ref stats.Crashes);
    if (!stats.StartBarrier.IsSet && Volatile.Read(ref stats.Connected) + out_ >= devices)
    {
        memory.Begin(1, done, lifetime1End);
        stats.StartBarrier.Set();
    }
    if (killed && !stats.RejoinBarrier.IsSet && Volatile.Read(ref stats.Rejoined) + out_ >= devices)
    {
        memory.Begin(2, done, total);
        stats.RejoinBarrier.Set();
    }
    memory.Poll(killed ? 2 : 1, done, gateway.RssKb);
    if (rssConnected < 0 && Volatile.Read(ref stats.Connected) >= devices) { rssConnected = gateway.RssKb(); heapConnected = GC.GetTotalMemory(false); }
    // Every device waits at message (kill-at x M) until all are there, its session open; the gateway
    // is killed under all of them and restarted, then they are released: each one finds its session
    // dead on its next exchange and must reconnect by itself.
    if (!killed && killAt > 0 && Volatile.Read(ref stats.AtBarrier) + Volatile.Read(ref stats.GaveUp) >= devices)
    {
        killed = true;
        rssAtKill = gateway.RssKb();
        var down = Stopwatch.StartNew();
        Interlocked.Increment(ref stats.Generation);
        gateway.Kill9();
        Console.WriteLine($"soak: kill -9 gateway at {done}/{total} echoes (RSS {rssAtKill} kB); restarting on the same ports");
        Thread.Sleep(300);
        gateway.Start(gateway.TcpPort, gateway.UdpPort, TimeSpan.FromMinutes(2));
        downtimeMs = down.ElapsedMilliseconds;
        Console.WriteLine($"soak: gateway back as pid {gateway.Pid} after {downtimeMs} ms");
        stats.Barrier.Set();
    }
    if (!stats.EndBarrier.IsSet && Volatile.Read(ref stats.AtEnd) + Volatile.Read(ref stats.GaveUp) + Volatile.Read(ref stats.Crashes) >= devices)
    {
        // Everyone done, every session still open: the last sample, then release them to close.
        memory.Poll(killed ? 2 : 1, Interlocked.Read(ref stats.Echoed), gateway.RssKb, final: true);
        stats.EndBarrier.Set();
    }
    if (killed && rssAfterRestart < 0 && done >= (long)(total * Math.Min(0.95, killAt + (1 - killAt) / 3))) rssAfterRestart = gateway.RssKb();
    if (lastReport.Elapsed.TotalSeconds >= 10)
    {
        lastReport.Restart();
        Console.WriteLine($"soak: {sw.Elapsed.TotalSeconds:F0} s  echoed {done}/{total}  reconnects {stats.Reconnects}  gateway RSS {gateway.RssKb()} kB");
    }
}
memory.Poll(killed ? 2 : 1, Interlocked.Read(ref stats.Echoed), gateway.RssKb, final: true);
rssEnd = gateway.RssKb();
GC.Collect();
long heapEnd = GC.GetTotalMemory(true);
int crashes = stats.Crashes + gateway.UnexpectedExits;

Console.WriteLine($"soak: devices={devices} (tcp={sims.Count(s => s.Tcp)} udp={sims.Count(s => !s.Tcp)} via proxy, loss {loss:P0}) messages_per_device={messages}");
Console.WriteLine($"soak: sessions={stats.Sessions} messages_soaked={total} echoed={stats.Echoed} bytes_echoed={stats.Bytes}");
Console.WriteLine($"soak: lost={stats.Lost} duplicated={stats.Duplicated} reordered={stats.Reordered} corrupt={stats.Corrupt} crashes={crashes}");
Console.WriteLine($"soak: reconnects={stats.Reconnects} resent_after_session_failure={stats.Resent} echo_timeouts={stats.EchoTimeouts} gave_up_devices={stats.GaveUp}");
Console.WriteLine($"soak: proxy datagrams dropped={lossPolicy.Dropped} passed={lossPolicy.Passed}");
Console.WriteLine($"soak: gateway_restarts={(killed ? 1 : 0)} downtime_ms={downtimeMs}");
Console.WriteLine($"soak: gateway_rss_kb connected={rssConnected} at_kill={rssAtKill} after_restart={rssAfterRestart} end={rssEnd}");
Console.WriteLine($"soak: soak_managed_heap_bytes before_devices={heapStart} connected={heapConnected} end_after_gc={heapEnd}");
int lifetimes = killed ? 2 : 1;
foreach (string line in memory.Report(lifetimes)) Console.WriteLine(line);
bool flat = memory.Judge(lifetimes).All(v => v.Ok);
Console.WriteLine($"soak: memory_flat={(flat ? "yes" : "NO")} (gateway RSS bound {MemoryFlatness.RssBoundKb} kB, soak heap bound {MemoryFlatness.HeapBoundBytes} B, last third's max vs first third's max per lifetime)");
int reconnectedDevices = sims.Count(s => s.Reconnected);
Console.WriteLine($"soak: devices_that_reconnected_by_themselves={reconnectedDevices}/{devices}");
Console.WriteLine($"soak: wall_s={sw.Elapsed.TotalSeconds:F1}");
bool ok = flat && (!killed || reconnectedDevices == devices) && stats.Lost == 0 && stats.Duplicated == 0 && stats.Reordered == 0 && stats.Corrupt == 0 && crashes == 0 && stats.Echoed == total;
Console.WriteLine($"soak: {(ok ? "PASS" : "FAIL")}");
return ok ? 0 : 1;

static string FindRepo()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "tools", "usmp"))) return d.FullName;
    return Directory.GetCurrentDirectory();
}

public sealed class Stats
{
    public long Echoed, Bytes, Lost, Duplicated, Reordered, Corrupt, Reconnects, Resent, EchoTimeouts, Sessions, Generation;
    public int Crashes, Connected, Rejoined, GaveUp, AtBarrier, AtEnd, BarrierIndex = -1;
    public readonly ManualResetEventSlim Barrier = new(false), EndBarrier = new(false), StartBarrier = new(false), RejoinBarrier = new(false);
}

/// <summary>One simulated device: its own thread and blocking UsmpClient, message i derived from (seed, device, i).</summary>
public sealed class DeviceSim(int index, bool tcp, IPEndPoint endpoint, int messages, int seed, Stats stats)
{
    private const int EchoTimeoutMs = 15000, MaxResends = 8;
    public int Index => index;
    public bool Tcp => tcp;
    public bool Reconnected { get; private set; }
    public volatile int SessionsOpened;
    private bool _rejoined;

    private byte[] Message(int i)
    {
        var rng = new Random(HashCode.Combine(seed, index, i));
        int size = (i % 10) switch { 0 => 0, 1 => 1808, 2 => 452, 3 => 453, _ => rng.Next(0, 1809) };
        byte[] m = new byte[size];
        rng.NextBytes(m);
        return m;
    }

    public void Run()
    {
        try { RunInner(); }
        catch (Exception e)
        {
            Interlocked.Increment(ref stats.Crashes);
            Console.Error.WriteLine($"device {index} crashed: {e}");
        }
    }

    private void RunInner()
    {
        byte[] id = { 0x50, 0xAC, (byte)(seed & 0xFF), (byte)(index >> 16), (byte)(index >> 8), (byte)index };
        var options = new UsmpClientOptions
        {
            DeviceId = id, Psk = System.Text.Encoding.ASCII.GetBytes("usmp-dev-psk-change-me-before-prod"),
            Random = new NativeRandomSource(), HandshakeTimeoutMs = 4000, ConnectTimeoutMs = 3000,
            ReconnectBaseDelayMs = 250, ReconnectMaxDelayMs = 4000, ReconnectMaxAttempts = 30,
        };
        var client = tcp ? UsmpClient.CreateTcp("127.0.0.1", endpoint.Port, options) : UsmpClient.CreateUdp("127.0.0.1", endpoint.Port, options);
        byte[] buffer = new byte[UsmpConstants.MaxMessageSize];
        var echoed = new bool[messages];
        if (!Connect(client, first: true)) { Interlocked.Add(ref stats.Lost, messages); return; }
        // All sessions run concurrently: nobody starts before every device has its session.
        stats.StartBarrier.Wait();
        for (int i = 0; i < messages; i++)
        {
            if (i == stats.BarrierIndex)
            {
                Interlocked.Increment(ref stats.AtBarrier);
                stats.Barrier.Wait();
            }
            byte[] m = Message(i);
            for (int attempt = 0; ; attempt++)
            {
                if (attempt > MaxResends) { Interlocked.Increment(ref stats.Lost); break; }
                if (attempt > 0) Interlocked.Increment(ref stats.Resent);
                try
                {
                    client.Send(m);
                    if (!client.TryReceive(buffer, 0, EchoTimeoutMs, out int n))
                    {
                        // No echo: the session is presumed dead (gateway gone, or its ARQ gave up): start again.
                        Interlocked.Increment(ref stats.EchoTimeouts);
                        client.Close();
                        if (!Connect(client, first: false)) { Interlocked.Add(ref stats.Lost, messages - i); return; }
                        continue;
                    }
                    Classify(buffer.AsSpan(0, n), i, m, echoed);
                    break;
                }
                catch (UsmpException)
                {
                    if (!Connect(client, first: false)) { Interlocked.Add(ref stats.Lost, messages - i); return; }
                }
            }
        }
        // Wait with the session open until every device is done, so the last memory sample of the
        // second lifetime sees the same population as every other sample (devices that finish early
        // and close would otherwise shift the figures in mid-lifetime); then close.
        Interlocked.Increment(ref stats.AtEnd);
        stats.EndBarrier.Wait();
        client.Close();
    }

    private void Classify(ReadOnlySpan<byte> echo, int i, byte[] expected, bool[] echoed)
    {
        if (echo.SequenceEqual(expected))
        {
            echoed[i] = true;
            Interlocked.Increment(ref stats.Echoed);
            Interlocked.Add(ref stats.Bytes, echo.Length);
            return;
        }
        for (int j = Math.Max(0, i - 64); j < Math.Min(i + 64, echoed.Length); j++)
        {
            if (j == i || !echo.SequenceEqual(Message(j))) continue;
            if (j < i && echoed[j]) Interlocked.Increment(ref stats.Duplicated); else Interlocked.Increment(ref stats.Reordered);
            return;
        }
        Interlocked.Increment(ref stats.Corrupt);
    }

    private bool Connect(UsmpClient client, bool first)
    {
        try
        {
            if (!first) { Interlocked.Increment(ref stats.Reconnects); Reconnected = true; }
            client.Close();
            client.ConnectWithRetry();
            Interlocked.Increment(ref stats.Sessions);
            SessionsOpened++;
            if (first) Interlocked.Increment(ref stats.Connected);
            else if (Interlocked.Read(ref stats.Generation) > 0 && !_rejoined)
            {
                // First session after the restart: wait until every device is back, so the second
                // lifetime's traffic (and its memory samples) again has all sessions at once.
                _rejoined = true;
                Interlocked.Increment(ref stats.Rejoined);
                stats.RejoinBarrier.Wait();
            }
            return true;
        }
        catch (UsmpException e)
        {
            Interlocked.Increment(ref stats.GaveUp);
            Console.Error.WriteLine($"device {index} gave up reconnecting: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }
}
