// The server side of the USMP handshake (spec §3), as an explicit state machine with paired
// Consume/Create steps. I/O-free: the transports feed frames in and write frames out.
//
//   Idle --ConsumeHello--> HelloReceived --CreateChallenge--> ChallengeSent
//        --ConsumeHelloAck--> AckVerified --CreateSessionOk--> Established
//   any failure or out-of-order step --> Failed (final; every secret wiped)
//
// An unknown device_id runs the same steps on a decoy PSK (DecoyPsk) and fails at HELLO_ACK, like a
// wrong PSK, instead of at HELLO (the reference), so a CHALLENGE does not tell who is known.
//
// Secrets and their wipe points: the PSK copy (or decoy), the ephemeral private key, the nonce and both
// directional keys live in this object. The private key is wiped as soon as the keys are derived
// (CreateChallenge); everything else on Fail(), on Dispose() and in TakeKeys() (which hands the
// keys to the caller, who then owns them).
//
// Native calls per server handshake (host: Usmp.Native.NativeCallStats): ServerConsumeHello,
// X25519Keypair, DeriveSessionKeys, ServerConsumeHelloAck, ServerProof = 5 for the crypto, plus one
// Crc16 per handshake frame checked or written (the device's FrameHeader); the public nonce and session id come from the OS CSPRNG
// (RandomNumberGenerator) unless a test supplies its own random source.
using System.Security.Cryptography;
using Usmp.Native;

namespace Usmp.Gateway;

public enum ServerHandshakeState { Idle, HelloReceived, ChallengeSent, AckVerified, Established, Failed }

public sealed class ServerHandshake : IDisposable
{
    private static readonly byte[] BasePoint = CreateBasePoint();

    private readonly Func<byte[], byte[]?> _resolvePsk;
    private readonly Func<byte[], byte[]>? _decoyPsk;
    private readonly Action<byte[], int, int>? _random;
    private readonly byte[] _deviceId = new byte[UsmpConstants.DeviceIdSize];
    private readonly byte[] _pubC = new byte[UsmpConstants.PublicKeySize];
    private readonly byte[] _pubS = new byte[UsmpConstants.PublicKeySize];
    private readonly byte[] _privS = new byte[UsmpConstants.KeySize];
    private readonly byte[] _nonce = new byte[UsmpConstants.HandshakeNonceSize];
    private readonly byte[] _cookie = new byte[UsmpConstants.CookieSize];
    private readonly byte[] _kC2s = new byte[UsmpConstants.KeySize];
    private readonly byte[] _kS2c = new byte[UsmpConstants.KeySize];
    private readonly byte[] _sessionId = new byte[UsmpConstants.SessionIdSize];
    private byte[]? _psk;
    private bool _unknownDevice;   // _psk is a decoy (DecoyPsk): the proof must fail at HELLO_ACK
    private bool _injectedKey;
    private string? _deviceIdText;

    /// <param name="resolvePsk">device_id → PSK copy (the handshake wipes it), or null if unknown.</param>
    /// <param name="random">fills (buffer, offset, count) with random bytes; default the native CSPRNG.</param>
    /// <param name="decoyPsk">device_id → a decoy PSK copy for ids resolvePsk does not know (DecoyPsk.For):
    /// the handshake then fails at HELLO_ACK like a wrong PSK. Null: an unknown id fails at HELLO (the reference).</param>
    public ServerHandshake(Func<byte[], byte[]?> resolvePsk, Action<byte[], int, int>? random = null, Func<byte[], byte[]>? decoyPsk = null)
    {
        _resolvePsk = resolvePsk ?? throw new ArgumentNullException(nameof(resolvePsk));
        _random = random;
        _decoyPsk = decoyPsk;
    }

    public ServerHandshakeState State { get; private set; } = ServerHandshakeState.Idle;
    public RefusalReason? FailureReason { get; private set; }
    public bool HelloHadCookie { get; private set; }
    /// <summary>The device id from HELLO, "aa:bb:cc:dd:ee:ff" (§10), once HELLO is consumed.</summary>
    public string DeviceIdText => State == ServerHandshakeState.Idle ? FormatDeviceId(_deviceId) : _deviceIdText ??= FormatDeviceId(_deviceId);
    public byte[] Cookie => (byte[])_cookie.Clone();

    /// <summary>Test seam (handshake-transcript.json): use this ephemeral private key instead of a random one.</summary>
    internal void UseEphemeralPrivateKey(byte[] privateKey)
    {
        Require(ServerHandshakeState.Idle);
        Array.Copy(privateKey, _privS, UsmpConstants.KeySize);
        _injectedKey = true;
    }

    /// <summary>§3 step 1: HELLO payload = device_id(6) ‖ pub_C(32) [‖ cookie(16)]; the PSK is resolved here.</summary>
    public void ConsumeHello(byte[] frame, int offset, int length)
    {
        Require(ServerHandshakeState.Idle);
        RequireFrame(frame, offset, length, PacketType.Hello);
        NativeStatus s = ServerCrypto.ServerConsumeHello(frame, offset + UsmpConstants.HeaderSize, length - UsmpConstants.HeaderSize,
            _deviceId, _pubC, _cookie, out bool hasCookie);
        if (s != NativeStatus.Ok) throw Fail(RefusalReason.UnexpectedMessage, $"HELLO payload of {length - UsmpConstants.HeaderSize} bytes");
        HelloHadCookie = hasCookie;
        _psk = _resolvePsk(_deviceId);
        if (_psk == null && _decoyPsk != null)
        {
            _psk = _decoyPsk(_deviceId);   // answered like a known id; refused at HELLO_ACK
            _unknownDevice = true;
        }
        if (_psk == null) throw Fail(RefusalReason.UnknownDevice, $"no PSK for device {DeviceIdText}");
        if (_psk.Length < UsmpConstants.MinPskSize) throw Fail(RefusalReason.UnknownDevice, "resolved PSK shorter than 16 bytes");
        State = ServerHandshakeState.HelloReceived;
    }

    /// <summary>§3 step 2-3: CHALLENGE = nonce(32) ‖ pub_S(32) at seq 0; derives k_c2s, k_s2c.</summary>
    public int CreateChallenge(byte[] output, int offset)
    {
        Require(ServerHandshakeState.HelloReceived);
        if (_injectedKey || _random != null)
        {
            if (!_injectedKey) _random!(_privS, 0, _privS.Length);
            UsmpCrypto.X25519(_pubS, _privS, BasePoint);       // pub_S = X25519(priv_S, 9)
        }
        else
        {
            ServerCrypto.GenerateKeyPair(_privS, _pubS);          // one native call: random priv_S, pub_S = X25519(priv_S, 9)
        }
        Random(_nonce);                                          // nonce: 32 random bytes
        // §3 step 3: shared = X25519(priv_S, pub_C); okm = HKDF(shared, salt = nonce,
        // info = "usmp-v2" ‖ pub_C ‖ pub_S, 64); k_c2s = okm[0:32], k_s2c = okm[32:64]
        NativeStatus s = ServerCrypto.DeriveSessionKeys(_kC2s, _kS2c, _privS, _pubC, _nonce, _pubC, _pubS);
        Array.Clear(_privS);
        if (s != NativeStatus.Ok) throw Fail(RefusalReason.ZeroSharedSecret, "X25519 shared secret is all zero");
        // Payload nonce(32) ‖ pub_S(32), written in place after the header (public bytes only).
        int payload = offset + UsmpConstants.PayloadOffset;
        _nonce.CopyTo(output, payload);
        _pubS.CopyTo(output, payload + UsmpConstants.HandshakeNonceSize);
        State = ServerHandshakeState.ChallengeSent;
        return WritePlainInPlace(output, offset, PacketType.Challenge, UsmpConstants.ChallengePayloadSize);
    }

    /// <summary>§3 step 4: HELLO_ACK = HMAC(PSK, CD AB 02 03 ‖ nonce ‖ device_id ‖ pub_C ‖ pub_S), constant-time check.</summary>
    public void ConsumeHelloAck(byte[] frame, int offset, int length)
    {
        Require(ServerHandshakeState.ChallengeSent);
        RequireFrame(frame, offset, length, PacketType.HelloAck);
        NativeStatus s = ServerCrypto.ServerConsumeHelloAck(frame, offset + UsmpConstants.HeaderSize, length - UsmpConstants.HeaderSize,
            _psk!, _nonce, _deviceId, _pubC, _pubS);
        if (s == NativeStatus.Malformed) throw Fail(RefusalReason.UnexpectedMessage, "HELLO_ACK of the wrong length");
        // An unknown id went through the same HMAC check as a known one (same time class), then fails.
        if (_unknownDevice) throw Fail(RefusalReason.UnknownDevice, $"device {DeviceIdText} has no PSK here (answered with a decoy key)");
        if (s != NativeStatus.Ok) throw Fail(RefusalReason.BadProof, $"client proof did not verify for device {DeviceIdText} (wrong PSK?)");
        State = ServerHandshakeState.AckVerified;
    }

    /// <summary>§3 step 5: SESSION_OK = session_id(16) ‖ HMAC(PSK, CD AB 02 04 ‖ nonce ‖ session_id ‖ pub_C ‖ pub_S).</summary>
    public int CreateSessionOk(byte[] output, int offset)
    {
        Require(ServerHandshakeState.AckVerified);
        Random(_sessionId);
        byte[] mac = new byte[UsmpConstants.MacSize];
        ServerCrypto.ServerProof(mac, _psk!, _nonce, _sessionId, _pubC, _pubS);
        // Payload session_id(16) ‖ hmac_server(32), written in place after the header (public bytes only).
        int payload = offset + UsmpConstants.PayloadOffset;
        _sessionId.CopyTo(output, payload);
        mac.CopyTo(output, payload + UsmpConstants.SessionIdSize);
        int n = WritePlainInPlace(output, offset, PacketType.SessionOk, UsmpConstants.SessionOkPayloadSize);
        WipePsk();
        State = ServerHandshakeState.Established;
        return n;
    }

    /// <summary>
    /// Moves the keys out as the core's handover in the server role (§3 step 3: tx = k_s2c,
    /// rx = k_c2s; SessionKeys.ForServer copies them), then wipes the handshake. The caller owns
    /// the handover: a Session built from it wipes it, otherwise the caller calls Wipe().
    /// </summary>
    public SessionKeys TakeKeys()
    {
        Require(ServerHandshakeState.Established);
        SessionKeys keys = SessionKeys.ForServer(_kC2s, _kS2c, _sessionId);
        WipeAll();
        return keys;
    }

    /// <summary>Ends the handshake as failed (e.g. on timeout); wipes every secret.</summary>
    public void Abort(RefusalReason reason = RefusalReason.Timeout)
    {
        if (State != ServerHandshakeState.Failed) Fail(reason, "aborted");
    }

    public void Dispose() => WipeAll();

    public static string SessionIdText(byte[] sessionId) => Convert.ToHexStringLower(sessionId);

    // Public randomness (nonce, session id): the test seam when given, else the OS CSPRNG.
    private void Random(byte[] buffer)
    {
        if (_random != null) _random(buffer, 0, buffer.Length);
        else RandomNumberGenerator.Fill(buffer);
    }

    /// <summary>"aa:bb:cc:dd:ee:ff" (§10) in one allocation.</summary>
    internal static string FormatDeviceId(byte[] id) => string.Create(id.Length * 3 - 1, id, static (chars, bytes) =>
    {
        const string hex = "0123456789abcdef";
        for (int i = 0; i < bytes.Length; i++)
        {
            if (i > 0) chars[3 * i - 1] = ':';
            chars[3 * i] = hex[bytes[i] >> 4];
            chars[3 * i + 1] = hex[bytes[i] & 0xF];
        }
    });

    // A server handshake frame (seq 0, §3) whose payload is already at output[offset + 12]: header, then CRC.
    private static int WritePlainInPlace(byte[] output, int offset, PacketType type, int payloadLength)
    {
        FrameHeader.Write(output, offset, type, UsmpConstants.ServerHandshakeSeq, payloadLength);
        FrameHeader.WriteCrc(output, offset);   // §1 CRC: one native call (src/crc16.c), as on the device
        return UsmpConstants.HeaderSize + payloadLength;
    }

    private void RequireFrame(byte[] frame, int offset, int length, PacketType expectedType)
    {
        FrameStatus c = FrameHeader.TryDecode(frame, offset, length, checkCrc: true);
        if (c != FrameStatus.Ok) throw Fail(RefusalReason.MalformedFrame, c.ToString());
        byte t = (byte)FrameHeader.ReadType(frame, offset);
        if (t != (byte)expectedType)
            throw Fail(RefusalReason.UnexpectedMessage, $"{PacketTypes.Name(t)} where {PacketTypes.Name((byte)expectedType)} was expected");
    }

    private void Require(ServerHandshakeState needed)
    {
        if (State != needed)
            throw Fail(RefusalReason.UnexpectedMessage, $"step needs state {needed}, handshake is {State}");
    }

    private HandshakeRefusedException Fail(RefusalReason reason, string detail)
    {
        State = ServerHandshakeState.Failed;
        FailureReason ??= reason;
        WipeAll();
        return new HandshakeRefusedException(reason, detail);
    }

    private void WipePsk()
    {
        if (_psk != null) Array.Clear(_psk);
        _psk = null;
    }

    private void WipeAll()
    {
        WipePsk();
        Array.Clear(_privS);
        Array.Clear(_nonce);
        Array.Clear(_kC2s);
        Array.Clear(_kS2c);
    }

    /// <summary>For tests: true when every secret buffer of this handshake is zero.</summary>
    internal bool SecretsAreWiped()
        => _psk == null && _privS.All(b => b == 0) && _nonce.All(b => b == 0) && _kC2s.All(b => b == 0) && _kS2c.All(b => b == 0);

    private static byte[] CreateBasePoint()
    {
        var p = new byte[UsmpConstants.PublicKeySize];
        p[0] = 9; // RFC 7748: the X25519 base point u = 9
        return p;
    }
}
