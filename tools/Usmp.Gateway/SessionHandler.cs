// What the gateway runs for each established session (Python: @server.on_session, §10).
namespace Usmp.Gateway;

public interface ISessionHandler
{
    /// <summary>Runs for the lifetime of one session; when it returns the session is closed.</summary>
    Task HandleAsync(GatewaySession session, CancellationToken ct);
}

/// <summary>Wraps a delegate as a handler.</summary>
public sealed class DelegateHandler(Func<GatewaySession, CancellationToken, Task> handle) : ISessionHandler
{
    public Task HandleAsync(GatewaySession session, CancellationToken ct) => handle(session, ct);
}

/// <summary>The default handler: echoes every message back unchanged until the session ends.</summary>
public sealed class EchoHandler : ISessionHandler
{
    public async Task HandleAsync(GatewaySession session, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            byte[] message;
            try { message = await session.ReceiveAsync(null, ct); }
            catch (SessionClosedException) { return; }
            try { await session.SendAsync(message, ct); }
            catch (SessionClosedException) { return; }
        }
    }
}
