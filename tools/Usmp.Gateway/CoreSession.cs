// The one place the gateway touches the device's Protocol core Session (firmware/Usmp/Protocol/
// Session.cs, run here in the server role). If the core's API moves, only this file changes.
// Not thread-safe, like the core: GatewaySession calls it under its lock.
using Usmp;

namespace Usmp.Gateway;

internal enum CoreEvent { None, Message, Pong, Closed, Dropped }

internal sealed class CoreSession
{
    private readonly Session _session;
    private readonly SessionKeys _keys;

    public CoreSession(ServerSessionKeys keys, bool datagramMode, IClock clock)
    {
        // Server role (§3 step 3): tx = k_s2c, rx = k_c2s.
        _keys = SessionKeys.ForServer(keys.RxKey, keys.TxKey, keys.SessionId);
        keys.Wipe();
        _session = new Session(_keys, datagramMode, new NativeRandomSource(), clock);
    }

    /// <summary>The current tx key (UTACK MACs of the peer's UTACKs for our frames are keyed with it, §8).</summary>
    public byte[] TxKey => _keys.TxKey;
    /// <summary>The current rx key (our UTACK MACs, §8).</summary>
    public byte[] RxKey => _keys.RxKey;
    public bool IsOpen => _session.IsOpen;
    public byte[] MessageBuffer => _session.MessageBuffer;
    public int MessageLength => _session.MessageLength;

    public void Send(byte[] data, int offset, int count, IFrameSink sink) => _session.Send(data, offset, count, sink);
    public void Ping(IFrameSink sink) => _session.Ping(sink);
    public void Rekey(IFrameSink sink) => _session.Rekey(sink);
    public void Bye(IFrameSink sink) => _session.Bye(sink);

    /// <summary>One inbound frame; typed Usmp exceptions on TCP errors, Dropped on UDP (§4, §8).</summary>
    public CoreEvent Accept(byte[] frame, int offset, int length, IFrameSink replySink)
        => (CoreEvent)(int)_session.Accept(frame, offset, length, replySink);

    public void Close() => _session.Close();
}
