// The outbound half of a transport, as a GatewaySession sees it. Frames are queued in order
// (the Protocol core seals them under the session lock, so queue order == seq order) and written
// by the transport's own async writer: TCP writes them to the stream, UDP runs the ARQ.
namespace Usmp.Gateway;

internal interface ISessionSender
{
    /// <summary>Queues one whole sealed frame (a copy the sender owns), sealed under key epoch
    /// `epoch` of the session (UDP: its UTACK is checked against that epoch's tx key). Never blocks.</summary>
    void Enqueue(byte[] frame, uint epoch);

    /// <summary>UDP: sends one UTACK the session decided on, now, outside the ARQ. TCP: never called.</summary>
    void SendUtack(byte[] utack, int offset, int length);

    /// <summary>Completes when every frame queued so far has been written (TCP) or acknowledged (UDP).</summary>
    Task FlushAsync(CancellationToken ct);

    /// <summary>Closes the underlying connection or stream; pending flushes fail.</summary>
    void Close();

    string Transport { get; }
}
