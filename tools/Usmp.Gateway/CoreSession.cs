// The one place the gateway touches the device's Protocol core Session (firmware/Usmp/Protocol/
// Session.cs, run here in the server role). If the core's API moves, only this file changes.
// Not thread-safe, like the core: GatewaySession calls it under its lock.
using Usmp;

namespace Usmp.Gateway;

internal sealed class CoreSession
{
    private readonly Session _session;

    /// <summary>handover: ServerHandshake.TakeKeys (server role, §3 step 3: tx = k_s2c, rx = k_c2s).</summary>
    public CoreSession(SessionKeys handover, bool datagramMode, IClock clock)
    {
        // The session copies the keys into its first key epoch and wipes the handover's.
        _session = new Session(handover, datagramMode, new NativeRandomSource(), clock);
    }

    /// <summary>The key epoch the next sealed frame uses; the UDP sender checks its UTACK against it (§8).</summary>
    public uint TxEpoch => _session.TxEpoch;
    public bool IsOpen => _session.IsOpen;
    public byte[] MessageBuffer => _session.MessageBuffer;
    public int MessageLength => _session.MessageLength;

    public void Send(byte[] data, int offset, int count, IFrameSink sink) => _session.Send(data, offset, count, sink);
    public void Ping(IFrameSink sink) => _session.Ping(sink);
    public void Rekey(IFrameSink sink) => _session.Rekey(sink);
    public void Bye(IFrameSink sink) => _session.Bye(sink);

    /// <summary>One inbound frame; typed Usmp exceptions on TCP errors, Dropped on UDP (§4, §8).</summary>
    public SessionEvent Accept(byte[] frame, int offset, int length, IFrameSink replySink)
        => _session.Accept(frame, offset, length, replySink);

    /// <summary>§8: a UTACK for our frame (type, seq) sealed under key epoch `epoch`, MAC checked with that epoch's tx key.</summary>
    public bool UtackMatches(byte[] datagram, int length, byte type, uint seq, uint epoch)
        => _session.UtackMatches(datagram, 0, length, type, seq, epoch);

    /// <summary>Ends a REKEY grace on time without traffic (KeySchedule).</summary>
    public void Tick() => _session.Tick();

    public void Close() => _session.Close();
}
