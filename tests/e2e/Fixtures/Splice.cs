// The core of the deliberately broken gateways: a man in the middle that holds the PSK, so it can
// splice one USMP session from the device onto another to OUR gateway and re-seal every frame in
// between. Everything our gateway does (the frame checks, limits, lockout, cookies, timeouts) still
// happens, because every frame the fixture cannot or should not translate goes through unchanged;
// the fixture adds ONE flaw (Flaw) on top. The key exchange is spliced: the device sees pub_P2
// instead of pub_S, the gateway sees pub_P1 instead of pub_C, and both proofs are recomputed with
// the PSK (§3); a wrong proof from the device stays wrong unless the flaw is SkipProofCheck.
using System.Security.Cryptography;
using System.Text;
using Usmp.Cli.Conformance;

namespace Usmp.EndToEnd.Tests.Fixtures;

public enum Flaw { None, SkipProofCheck, AcceptFifthFragment, AnswerNinthPing, AckForgedFrames }

internal sealed class Splice(byte[] psk, Flaw flaw)
{
    private static readonly byte[] BasePoint = [9, .. new byte[31]];
    private byte[] _deviceId = [], _pubC = [], _pubS = [], _nonce = [], _sid = [];
    private readonly byte[] _privP1 = RandomNumberGenerator.GetBytes(32), _pubP1 = new byte[32];
    private readonly byte[] _privP2 = RandomNumberGenerator.GetBytes(32), _pubP2 = new byte[32];
    // Session keys of each leg: device (d) and gateway (g); c2s = device/fixture -> server direction.
    private byte[] _dC2s = [], _dS2c = [], _gC2s = [], _gS2c = [];
    private byte[] _dC2sOld = [], _gC2sOld = [], _dS2cOld = [], _gS2cOld = [];
    private uint _upSwallowed, _downInjected, _nextDown;
    private int _pings;
    private readonly List<byte[]> _fragments = new();
    public bool Established { get; private set; }

    /// <summary>What to send on after one frame: toward the gateway and toward the device.</summary>
    public sealed record Out(List<byte[]> ToGateway, List<byte[]> ToDevice);

    private static bool WellFormed(byte[] f) => f.Length >= WireCodec.Header && f[0] == 0xCD && f[1] == 0xAB && f[2] == WireCodec.Version
        && WireCodec.LengthOf(f) == f.Length - WireCodec.Header && WireCodec.CrcOk(f);

    // Rewrites the payload, keeping a wrong CRC wrong (so the HELLO-CRC row sees our gateway's rule).
    private static byte[] Rewrite(byte[] f, Action<byte[]> change)
    {
        bool crcWasRight = WireCodec.CrcOk(f);
        byte[] g = (byte[])f.Clone();
        change(g);
        WireCodec.FixCrc(g);
        if (!crcWasRight) g[10] ^= 0x5A;
        return g;
    }

    private static byte[] Mac(byte[] psk, byte type, params byte[][] parts) =>
        HMACSHA256.HashData((ReadOnlySpan<byte>)psk, [0xCD, 0xAB, 0x02, type, .. parts.SelectMany(p => p)]);

    private static (byte[] C2s, byte[] S2c) Derive(byte[] priv, byte[] peer, byte[] nonce, byte[] pubC, byte[] pubS)
    {
        byte[] shared = new byte[32];
        Usmp.Native.UsmpCrypto.X25519(shared, priv, peer);
        byte[] okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 64, nonce, [.. Encoding.ASCII.GetBytes("usmp-v2"), .. pubC, .. pubS]);
        return (okm[..32], okm[32..]);
    }

    public Out FromDevice(byte[] f)
    {
        var o = new Out(new(), new());
        int len = f.Length - WireCodec.Header;
        bool wf = f.Length >= WireCodec.Header && f[0] == 0xCD && f[1] == 0xAB && f[2] == WireCodec.Version && WireCodec.LengthOf(f) == len;
        byte type = f.Length > 3 ? f[3] : (byte)0;
        if (wf && type == WireCodec.Hello && len is 38 or 54)
        {
            _deviceId = f[12..18]; _pubC = f[18..50];
            Usmp.Native.UsmpCrypto.X25519(_pubP1, _privP1, BasePoint);
            o.ToGateway.Add(Rewrite(f, g => _pubP1.CopyTo(g, 18)));
        }
        else if (wf && type == WireCodec.HelloAck && len == 32 && _nonce.Length > 0)
        {
            bool right = CryptographicOperations.FixedTimeEquals(f.AsSpan(12, 32), Mac(psk, WireCodec.HelloAck, _nonce, _deviceId, _pubC, _pubP2));
            o.ToGateway.Add(right || flaw == Flaw.SkipProofCheck ? Rewrite(f, g => Mac(psk, WireCodec.HelloAck, _nonce, _deviceId, _pubP1, _pubS).CopyTo(g, 12)) : f);
        }
        else if (Established && WellFormed(f) && type >= WireCodec.Data && type != WireCodec.HelloRetry && Open(f, _dC2s, _dC2sOld) is { } plain)
            Session(f, type, plain, o);
        else
        {
            if (flaw == Flaw.AckForgedFrames && Established && wf && type >= WireCodec.Data)   // the reference's UTACK-before-decrypt
                o.ToDevice.Add(WireCodec.Utack(type, WireCodec.SeqOf(f), _dC2s));
            o.ToGateway.Add(f);   // anything else goes on unchanged: our gateway judges it
        }
        return o;
    }

    private byte[]? Open(byte[] f, byte[] key, byte[] old) => WireCodec.Open(f, key, _sid) ?? (old.Length > 0 ? WireCodec.Open(f, old, _sid) : null);

    private void Session(byte[] f, byte type, byte[] plain, Out o)
    {
        uint seq = WireCodec.SeqOf(f);
        if (flaw == Flaw.AnswerNinthPing && type == WireCodec.Ping && ++_pings > 8)
        {
            _upSwallowed++;                          // the flaw: no flood limit; the fixture answers
            o.ToDevice.Add(Inject(WireCodec.Pong, []));
            return;
        }
        if (flaw == Flaw.AcceptFifthFragment && _fragments.Count > 0 && type is not (WireCodec.DataFrag or WireCodec.Data))
            FlushFragments(seq, o);                  // a control frame mid-message reaches our gateway in its place
        if (flaw == Flaw.AcceptFifthFragment && type is WireCodec.DataFrag or WireCodec.Data)
        {
            _fragments.Add(plain);
            if (type == WireCodec.DataFrag) { _upSwallowed++; return; }
            var message = _fragments.ToList();
            _fragments.Clear();
            if (message.Count > 4)                  // the flaw: a 5-frame message is taken and echoed
            {
                _upSwallowed++;
                for (int i = 0; i < message.Count; i++) o.ToDevice.Add(Inject(i == message.Count - 1 ? WireCodec.Data : WireCodec.DataFrag, message[i]));
                return;
            }
            _upSwallowed -= (uint)(message.Count - 1);
            for (int i = 0; i < message.Count; i++)
                o.ToGateway.Add(WireCodec.Seal(i == message.Count - 1 ? WireCodec.Data : WireCodec.DataFrag, seq - (uint)(message.Count - 1 - i) - _upSwallowed, message[i], _gC2s, _sid));
            return;
        }
        o.ToGateway.Add(WireCodec.Seal(type, seq - _upSwallowed, plain, _gC2s, _sid));
        if (type == WireCodec.Rekey && plain.Length == 32)
        {
            (_dC2sOld, _dS2cOld, _gC2sOld, _gS2cOld) = (_dC2s, _dS2c, _gC2s, _gS2c);
            (_dC2s, _dS2c) = WireCodec.RekeyDerive(_dC2s, _dS2c, plain, _sid);   // the device initiated
            (_gC2s, _gS2c) = WireCodec.RekeyDerive(_gC2s, _gS2c, plain, _sid);   // so did the fixture
            _upSwallowed = _downInjected = _nextDown = 0;
            _pings = 0;
        }
    }

    // The held fragments (device seqs just before `seq`), forwarded as they came.
    private void FlushFragments(uint seq, Out o)
    {
        int n = _fragments.Count;
        _upSwallowed -= (uint)n;
        for (int i = 0; i < n; i++)
            o.ToGateway.Add(WireCodec.Seal(WireCodec.DataFrag, seq - (uint)(n - i) - _upSwallowed, _fragments[i], _gC2s, _sid));
        _fragments.Clear();
    }

    private byte[] Inject(byte type, byte[] plain)
    {
        _downInjected++;
        return WireCodec.Seal(type, _nextDown++, plain, _dS2c, _sid);
    }

    public Out FromGateway(byte[] f)
    {
        var o = new Out(new(), new());
        int len = f.Length - WireCodec.Header;
        byte type = f.Length > 3 ? f[3] : (byte)0;
        if (WellFormed(f) && type == WireCodec.Challenge && len == 64)
        {
            _nonce = f[12..44]; _pubS = f[44..76];
            Usmp.Native.UsmpCrypto.X25519(_pubP2, _privP2, BasePoint);
            (_dC2s, _dS2c) = Derive(_privP2, _pubC, _nonce, _pubC, _pubP2);
            (_gC2s, _gS2c) = Derive(_privP1, _pubS, _nonce, _pubP1, _pubS);
            o.ToDevice.Add(Rewrite(f, g => _pubP2.CopyTo(g, 44)));
        }
        else if (WellFormed(f) && type == WireCodec.SessionOk && len == 48 && _nonce.Length > 0)
        {
            _sid = f[12..28];
            Established = true;
            o.ToDevice.Add(Rewrite(f, g => Mac(psk, WireCodec.SessionOk, _nonce, _sid, _pubC, _pubP2).CopyTo(g, 28)));
        }
        else if (Established && WellFormed(f) && type >= WireCodec.Data && type != WireCodec.HelloRetry && Open(f, _gS2c, _gS2cOld) is { } plain)
        {
            uint seq = WireCodec.SeqOf(f) + _downInjected;
            _nextDown = Math.Max(_nextDown, seq + 1);
            bool current = WireCodec.Open(f, _gS2c, _sid) != null;
            o.ToDevice.Add(WireCodec.Seal(type, seq, plain, current ? _dS2c : _dS2cOld, _sid));
            if (current && type == WireCodec.Rekey && plain.Length == 32) GatewayRekeyed(plain);
        }
        else o.ToDevice.Add(f);
        return o;
    }

    // The gateway initiated a REKEY (§7) and the fixture passed its salt on, so on both legs the
    // server side is the initiator: ikm = s2c ‖ c2s, s2c takes okm[0:32]. A retransmitted REKEY opens
    // only under the old key and is forwarded under the device leg's old key above.
    private void GatewayRekeyed(byte[] salt)
    {
        (_dC2sOld, _dS2cOld, _gC2sOld, _gS2cOld) = (_dC2s, _dS2c, _gC2s, _gS2c);
        (_dS2c, _dC2s) = WireCodec.RekeyDerive(_dS2c, _dC2s, salt, _sid);
        (_gS2c, _gC2s) = WireCodec.RekeyDerive(_gS2c, _gC2s, salt, _sid);
        _upSwallowed = _downInjected = _nextDown = 0;
        _pings = 0;
    }

    /// <summary>UDP: a UTACK from the gateway for a frame the fixture forwarded, re-MACed for the device.</summary>
    public byte[] UtackFromGateway(byte[] u)
    {
        if (u.Length != 15 || !Established) return u;
        byte type = WireCodec.UtackType(u);
        bool current = WireCodec.UtackMacOk(u, _gC2s), old = !current && _gC2sOld.Length > 0 && WireCodec.UtackMacOk(u, _gC2sOld);
        if (!current && !old) return u;
        return WireCodec.Utack(type, WireCodec.UtackSeq(u) + (old ? 0 : _upSwallowed), old ? _dC2sOld : _dC2s);
    }

    /// <summary>UDP: a UTACK from the device for a frame the fixture sent it, re-MACed for the gateway.</summary>
    public byte[]? UtackFromDevice(byte[] u)
    {
        if (u.Length != 15 || !Established) return u;
        bool current = WireCodec.UtackMacOk(u, _dS2c), old = !current && _dS2cOld.Length > 0 && WireCodec.UtackMacOk(u, _dS2cOld);
        if (!current && !old) return u;                 // a wrong MAC stays wrong: our gateway judges it
        uint seq = WireCodec.UtackSeq(u);
        if (!old && seq < _downInjected) return null;   // it acknowledges a frame the fixture injected
        return WireCodec.Utack(WireCodec.UtackType(u), old ? seq : seq - _downInjected, old ? _gS2cOld : _gS2c);
    }
}
