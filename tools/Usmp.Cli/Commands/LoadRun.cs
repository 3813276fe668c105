// One `usmp load` run (also each phase of `usmp bench`): the device threads, the live progress line,
// and the figures. The "hold" is the time after the ramp, when every device is up: its echo rate,
// and, for a gateway child, the CPU both processes spent in it and the gateway's RSS as it began.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Usmp.Cli.Device;

namespace Usmp.Cli.Commands;

internal sealed class LoadRun
{
    private long _handshakes, _messages, _rekeys, _up;
    private readonly ConcurrentDictionary<string, long> _errors = new();
    private readonly ConcurrentBag<double[]> _latencies = new();
    public long Handshakes => _handshakes;
    public double Seconds { get; private set; }
    public double HoldSeconds { get; private set; }
    public long HoldMessages { get; private set; }
    public double CpuSeconds { get; private set; }
    /// <summary>This process's and the gateway child's CPU during the hold (gateway: 0 without a child).</summary>
    public double HoldCpuSeconds { get; private set; }
    public double HoldGatewayCpuSeconds { get; private set; }
    /// <summary>The gateway child's CPU over the whole run, and its VmRSS before the run and when the hold began (KiB).</summary>
    public double GatewayCpuSeconds { get; private set; }
    public long RssBeforeKiB { get; private set; }
    public long RssAtHoldKiB { get; private set; }
    public long DevicesUpAtHold { get; private set; }
    public long Errors => _errors.Values.Sum();
    private double[] _sorted = [];

    public static LoadRun Run(IPEndPoint ep, LoadSettings s, byte[][] keys, Func<int, byte[]> deviceId, TextWriter progress, GatewayProcess? gateway = null)
    {
        var run = new LoadRun();
        var cpu = ProcessCpu.Self;
        double cpu0 = cpu.Seconds(), gw0 = gateway?.Cpu.Seconds() ?? 0, holdCpu0 = 0, holdGw0 = 0;
        run.RssBeforeKiB = gateway?.RssKiB() ?? 0;
        var clock = Stopwatch.StartNew();
        var stopAt = TimeSpan.FromSeconds(s.Duration);
        var threads = new Thread[s.Devices];
        for (int i = 0; i < s.Devices; i++)
        {
            int k = i;
            threads[i] = new Thread(() => run.Device(ep, s, keys[k], deviceId(k), TimeSpan.FromSeconds(s.Ramp * k / s.Devices), clock, stopAt), 256 * 1024) { IsBackground = true };
            threads[i].Start();
        }
        long holdStartMsgs = 0;
        bool holding = false;
        double holdStart = s.Ramp, nextLine = 1;
        while (threads.Any(t => t.IsAlive))
        {
            Thread.Sleep(50);
            double now = clock.Elapsed.TotalSeconds;
            if (!holding && now >= s.Ramp)
            {
                holding = true;
                holdStart = now;
                holdStartMsgs = Interlocked.Read(ref run._messages);
                holdCpu0 = cpu.Seconds();
                holdGw0 = gateway?.Cpu.Seconds() ?? 0;
                run.RssAtHoldKiB = gateway?.RssKiB() ?? 0;
                run.DevicesUpAtHold = Interlocked.Read(ref run._up);
            }
            if (now < nextLine) continue;
            nextLine = Math.Floor(now) + 1;
            progress.WriteLine($"  {now,6:F1} s  devices up {Interlocked.Read(ref run._up)}/{s.Devices}  handshakes {run._handshakes}  echoes {run._messages}  rekeys {run._rekeys}  errors {run.Errors}");
        }
        run.Seconds = clock.Elapsed.TotalSeconds;
        run.HoldSeconds = Math.Max(0.001, run.Seconds - holdStart);
        run.HoldMessages = run._messages - holdStartMsgs;
        run.CpuSeconds = cpu.Seconds() - cpu0;
        run.HoldCpuSeconds = cpu.Seconds() - holdCpu0;
        run.GatewayCpuSeconds = gateway == null ? 0 : gateway.Cpu.Seconds() - gw0;
        run.HoldGatewayCpuSeconds = gateway == null ? 0 : gateway.Cpu.Seconds() - holdGw0;
        run._sorted = run._latencies.SelectMany(a => a).Order().ToArray();
        return run;
    }

    private void Device(IPEndPoint ep, LoadSettings s, byte[] psk, byte[] id, TimeSpan startAt, Stopwatch clock, TimeSpan stopAt)
    {
        var lat = new List<double>();
        var data = new byte[s.Size];
        Random.Shared.NextBytes(data);
        while (clock.Elapsed < startAt) Thread.Sleep(5);
        DeviceClient? d = null;
        bool up = false;   // counted in _up
        int sinceRekey = 0, sinceReconnect = 0;
        try
        {
            while (clock.Elapsed < stopAt)
            {
                try
                {
                    if (d == null)
                    {
                        d = s.Udp ? DeviceClient.Udp(ep, id, psk) : DeviceClient.Tcp(ep, id, psk);
                        d.Connect(10000);
                        Interlocked.Increment(ref _handshakes);
                        Interlocked.Increment(ref _up);
                        up = true;
                        if (s.HandshakesOnly) { Drop(ref d, ref up); continue; }   // connect + BYE, again
                    }
                    long t0 = Stopwatch.GetTimestamp();
                    d.Send(data);
                    byte[]? back = d.Receive(10000);
                    if (back == null) { Error("echo timed out (10 s)"); Drop(ref d, ref up); continue; }
                    if (!back.AsSpan().SequenceEqual(data)) Error("echo differs from the message");
                    lat.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    Interlocked.Increment(ref _messages);
                    if (s.RekeyEvery > 0 && ++sinceRekey >= s.RekeyEvery) { d.Rekey(); sinceRekey = 0; Interlocked.Increment(ref _rekeys); }
                    if (s.ReconnectEvery > 0 && ++sinceReconnect >= s.ReconnectEvery) { sinceReconnect = 0; Drop(ref d, ref up); }
                }
                catch (Exception e) when (e is UsmpException or IOException or System.Net.Sockets.SocketException)
                {
                    Error(Reason(e));
                    Drop(ref d, ref up);
                    Thread.Sleep(200);   // no tight loop against a gateway that refuses us
                }
            }
        }
        finally
        {
            Drop(ref d, ref up);
            _latencies.Add([.. lat]);
        }
    }

    private void Drop(ref DeviceClient? d, ref bool up)
    {
        if (up) Interlocked.Decrement(ref _up);
        up = false;
        if (d == null) return;
        d.Dispose();   // BYE
        d = null;
    }

    private void Error(string reason) => _errors.AddOrUpdate(reason, 1, (_, n) => n + 1);

    // Short, stable reasons for the error table (no type names).
    private static string Reason(Exception e) => e switch
    {
        System.Net.Sockets.SocketException se => SocketReason(se),
        _ when e.InnerException is System.Net.Sockets.SocketException ie => SocketReason(ie),
        AuthenticationException => "gateway proof did not verify (PSK mismatch)",
        ConnectionClosedException => "closed by the gateway",
        UsmpTimeoutException => "timed out",
        HandshakeException => "handshake refused",
        _ => "session error",
    };

    private static string SocketReason(System.Net.Sockets.SocketException e) => e.SocketErrorCode switch
    {
        System.Net.Sockets.SocketError.ConnectionRefused => "connection refused (nothing listening)",
        System.Net.Sockets.SocketError.ConnectionReset => "connection reset by the gateway",
        System.Net.Sockets.SocketError.TimedOut => "connect timed out",
        System.Net.Sockets.SocketError.Shutdown or System.Net.Sockets.SocketError.ConnectionAborted => "connection closed by the gateway",
        _ => "network error",
    };

    public string? TopError() => _errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} ({e.Value}x)").FirstOrDefault();

    private double P(double q) => _sorted.Length == 0 ? 0 : _sorted[Math.Min(_sorted.Length - 1, (int)Math.Ceiling(q * _sorted.Length) - 1)];
    public double P99 => P(0.99);
    public double CpuPercent => 100 * CpuSeconds / Seconds / Environment.ProcessorCount;

    public void PrintText(TextWriter o)
    {
        o.WriteLine($"handshakes  {_handshakes} in {Seconds:F1} s = {_handshakes / Seconds:F1}/s");
        o.WriteLine($"echoes      {_messages} ({HoldMessages} after the ramp: {HoldMessages / HoldSeconds:F0}/s); rekeys {_rekeys}");
        o.WriteLine($"latency     p50 {P(0.50):F2} ms  p99 {P(0.99):F2} ms  max {(_sorted.Length == 0 ? 0 : _sorted[^1]):F2} ms  (echo round trip, {_sorted.Length} samples)");
        o.WriteLine($"errors      {(_errors.IsEmpty ? "none" : string.Join(", ", _errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key}: {e.Value}")))}");
        o.WriteLine($"driver CPU  {CpuSeconds:F2} s = {CpuPercent:F0} % of {Environment.ProcessorCount} cores: " +
                    (CpuPercent > 80 ? "the driver itself was near its limit; the gateway may be faster than these figures" : "the driver had room; the gateway (or the link) set the pace"));
    }

    public string Json(IPEndPoint ep, LoadSettings s) => JsonSerializer.Serialize(new
    {
        target = $"{(s.Udp ? "udp" : "tcp")} {ep}", devices = s.Devices, seconds = Math.Round(Seconds, 3),
        handshakes = _handshakes, handshakes_per_s = Math.Round(_handshakes / Seconds, 2),
        echoes = _messages, echoes_per_s = Math.Round(HoldMessages / HoldSeconds, 1), rekeys = _rekeys,
        latency_ms = new { p50 = Math.Round(P(0.5), 3), p99 = Math.Round(P(0.99), 3), max = Math.Round(_sorted.Length == 0 ? 0 : _sorted[^1], 3), samples = _sorted.Length },
        errors = _errors.ToDictionary(e => e.Key, e => e.Value),
        driver_cpu = new { seconds = Math.Round(CpuSeconds, 2), percent_of_all_cores = Math.Round(CpuPercent, 1), cores = Environment.ProcessorCount },
    }, new JsonSerializerOptions { WriteIndented = true });
}
