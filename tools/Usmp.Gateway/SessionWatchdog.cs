// The RX watchdog (spec §9): wakes every session_timeout / 2 and closes a session that has had no
// authenticated inbound frame (any decrypted frame, PING included) for more than session_timeout,
// calling on_timeout(device_id, session_id) first. One loop for every session of a gateway.
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Usmp.Gateway;

public sealed class SessionWatchdog : IAsyncDisposable
{
    private readonly GatewayOptions _options;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<GatewaySession, byte> _sessions = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SessionWatchdog(GatewayOptions options, ILogger log)
    {
        _options = options;
        _log = log;
        _loop = Task.Run(RunAsync);
    }

    public int Count => _sessions.Count;

    public void Watch(GatewaySession session)
    {
        _sessions[session] = 0;
        session.Ended += (s, _) => _sessions.TryRemove(s, out byte _);
        if (!session.IsOpen) _sessions.TryRemove(session, out byte _);
    }

    /// <summary>One pass: closes every session idle for more than session_timeout. Returns how many.</summary>
    public int Sweep()
    {
        long limit = (long)_options.SessionTimeout.TotalMilliseconds;
        int closed = 0;
        foreach (var session in _sessions.Keys)
        {
            long idle = session.Clock.NowMilliseconds - session.LastAuthenticatedMs;
            if (idle <= limit) { session.Tick(); continue; }   // and a REKEY grace ends on time
            try { _options.OnTimeout?.Invoke(session.DeviceId, session.SessionId); }
            catch (Exception e) { _log.LogWarning("on_timeout callback failed: {Error}", e.Message); }
            session.Close($"watchdog: no authenticated frame for {idle} ms");
            closed++;
        }
        return closed;
    }

    /// <summary>Closes every watched session (gateway shutdown).</summary>
    public void CloseAll(string reason)
    {
        foreach (var session in _sessions.Keys) session.Close(reason);
    }

    private async Task RunAsync()
    {
        var period = TimeSpan.FromMilliseconds(Math.Max(20, _options.SessionTimeout.TotalMilliseconds / 2));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) Sweep();
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        _stop.Dispose();
    }
}
