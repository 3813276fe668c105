// The gateway's refusal lines (refused connections, refused or abandoned handshakes, evictions),
// rate-limited (issue 10 class 6): every refusal used to write its own warning, so anyone who can
// reach the port could fill the log (disk, CPU, and the lines that matter drowned). A token bucket
// lets a burst of lines through, then a few per second; the rest are counted, and the count is
// written once a second while there is one ("N refusal lines suppressed in the last S s"), so
// the log still says how much happened. Lines are formatted only when written. Thread-safe.
using Microsoft.Extensions.Logging;

namespace Usmp.Gateway;

public sealed class RefusalLog : IDisposable
{
    private readonly ILogger _log;
    private readonly int _burst;
    private readonly double _perSecond;
    private readonly Func<long> _nowMs;
    private readonly object _sync = new();
    private readonly Timer? _flushTimer;
    private double _tokens;
    private long _lastRefillMs, _suppressed, _suppressedSinceMs;

    /// <param name="burst">lines written back to back before the limit applies.</param>
    /// <param name="perSecond">lines written per second after the burst.</param>
    /// <param name="nowMs">clock seam for tests; a test that passes one calls Flush itself.</param>
    public RefusalLog(ILogger log, int burst = 10, double perSecond = 1, Func<long>? nowMs = null)
    {
        _log = log;
        _burst = burst;
        _perSecond = perSecond;
        _nowMs = nowMs ?? (() => Environment.TickCount64);
        _tokens = burst;
        _lastRefillMs = _nowMs();
        if (nowMs == null) _flushTimer = new Timer(_ => Flush(), null, 1000, 1000);
    }

    /// <summary>Lines suppressed and not yet reported.</summary>
    public long Pending { get { lock (_sync) return _suppressed; } }

    public void Warn(string template, params object?[] args) => Write(LogLevel.Warning, template, args);
    public void Info(string template, params object?[] args) => Write(LogLevel.Information, template, args);

    /// <summary>Writes the line if the budget allows, else counts it.</summary>
    public void Write(LogLevel level, string template, params object?[] args)
    {
        if (!_log.IsEnabled(level)) return;
        lock (_sync)
        {
            long now = _nowMs();
            _tokens = Math.Min(_burst, _tokens + (now - _lastRefillMs) / 1000.0 * _perSecond);
            _lastRefillMs = now;
            if (_tokens < 1)
            {
                if (_suppressed++ == 0) _suppressedSinceMs = now;
                return;
            }
            _tokens -= 1;
        }
        _log.Log(level, template, args);
    }

    /// <summary>Reports the suppressed count, if any (the timer calls this once a second).</summary>
    public void Flush()
    {
        long n, since;
        lock (_sync)
        {
            if (_suppressed == 0) return;
            (n, since) = (_suppressed, _suppressedSinceMs);
            _suppressed = 0;
        }
        _log.LogWarning("{Suppressed} refusal lines suppressed in the last {Seconds:F1} s (limit: {Burst} lines, then {Rate}/s)",
            n, (_nowMs() - since) / 1000.0, _burst, _perSecond);
    }

    public void Dispose()
    {
        _flushTimer?.Dispose();
        Flush();
    }
}
