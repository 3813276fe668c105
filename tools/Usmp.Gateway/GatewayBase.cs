// What the TCP and the UDP gateway share, written once: the options, the PSKs, the application's
// handler, logging (and the rate-limited refusal log), the decoy keys for unknown ids (DecoyPsk),
// the per-IP handshake lockout (HandshakeLimiter), the connection limits, the session watchdog,
// the stop signal, the clock and the handshake counters. Each transport adds its own socket loop.
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Usmp.Gateway;

public abstract class GatewayBase
{
    private protected readonly GatewayOptions _options;
    private protected readonly PskStore _psks;
    private protected readonly ISessionHandler _handler;
    private protected readonly ILogger _log;
    private protected readonly RefusalLog _refusals;
    private protected readonly DecoyPsk _decoy = new();
    private protected readonly HandshakeLimiter _limiter;
    private protected readonly ConnectionLimits _limits;
    private protected readonly SessionWatchdog _watchdog;
    private protected readonly CancellationTokenSource _stop = new();
    private protected readonly IClock _clock = new SystemClock();
    private protected long _handshakesOk, _handshakesFailed;

    private protected GatewayBase(GatewayOptions options, PskStore psks, ISessionHandler? handler, ILogger? log)
    {
        options.Validate();
        _options = options;
        _psks = psks;
        _handler = handler ?? new EchoHandler();
        _log = log ?? NullLogger.Instance;
        _refusals = new RefusalLog(_log, options.RefusalLogBurst, options.RefusalLogPerSecond);
        _limiter = new HandshakeLimiter(options);
        _limits = new ConnectionLimits(options);
        _watchdog = new SessionWatchdog(options, _log);
    }

    public HandshakeLimiter Limiter => _limiter;
    public long HandshakesSucceeded => Interlocked.Read(ref _handshakesOk);
    public long HandshakesFailed => Interlocked.Read(ref _handshakesFailed);
}
