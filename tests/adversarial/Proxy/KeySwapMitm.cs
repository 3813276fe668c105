// The MITM key swap (spec §3): the proxy runs its own X25519 key pairs and substitutes pub_C in
// HELLO (towards the gateway) and pub_S in CHALLENGE (towards the device), repairing the CRCs.
// Each side would then share a key with the proxy instead of with its peer; the HMAC proofs bind
// pub_C and pub_S under the PSK, so without the PSK the swap must make the handshake fail.
// With KnownPsk set (a WRONG PSK the attacker believes in) the proxy goes further: it re-proves
// HELLO_ACK to the gateway over the gateway's view of the transcript and forges SESSION_OK to the
// device over the device's view; both must still be refused.
using System.Buffers.Binary;
using Usmp.Native;

namespace Usmp.Adversarial;

public sealed class KeySwapMitm : IProxyPolicy
{
    private const int DeviceIdSize = 6, KeySize = 32, NonceSize = 32, SessionIdSize = 16, MacSize = 32;
    private readonly byte[] _towardsGatewayPriv = new byte[KeySize], _towardsGatewayPub = new byte[KeySize];
    private readonly byte[] _towardsDevicePriv = new byte[KeySize], _towardsDevicePub = new byte[KeySize];
    private readonly Dictionary<int, FlowState> _flows = new();

    private sealed class FlowState
    {
        public byte[]? DeviceId, PubC, Nonce, PubS;
    }

    public KeySwapMitm(byte[]? knownPsk = null)
    {
        KnownPsk = knownPsk;
        ServerCrypto.GenerateKeyPair(_towardsGatewayPriv, _towardsGatewayPub);
        ServerCrypto.GenerateKeyPair(_towardsDevicePriv, _towardsDevicePub);
    }

    public byte[]? KnownPsk { get; }
    public int HellosSwapped, ChallengesSwapped, AcksReproved, SessionOksForged;
    /// <summary>The c2s/s2c keys the proxy shares with the device (what it WOULD decrypt with), once derived.</summary>
    public byte[]? DeviceSideKeys { get; private set; }

    public Verdict Decide(Packet p, ProxyFlow flow)
    {
        if (!p.IsFrame) return Verdict.Pass(p);
        FlowState st;
        lock (_flows) { if (!_flows.TryGetValue(flow.Id, out st!)) _flows[flow.Id] = st = new FlowState(); }
        byte[] f = p.Bytes;
        int payload = Frames.HeaderSize;
        switch (p.Type)
        {
            case Frames.Hello when p.Direction == Direction.ToGateway && f.Length >= payload + DeviceIdSize + KeySize:
            {
                st.DeviceId = Frames.Slice(f, payload, DeviceIdSize);
                st.PubC = Frames.Slice(f, payload + DeviceIdSize, KeySize);
                byte[] forged = (byte[])f.Clone();
                _towardsGatewayPub.CopyTo(forged, payload + DeviceIdSize);
                Frames.FixCrcInPlace(forged);
                Interlocked.Increment(ref HellosSwapped);
                return Verdict.With(forged);
            }
            case Frames.Challenge when p.Direction == Direction.ToDevice && f.Length == payload + NonceSize + KeySize:
            {
                st.Nonce = Frames.Slice(f, payload, NonceSize);
                st.PubS = Frames.Slice(f, payload + NonceSize, KeySize);
                byte[] forged = (byte[])f.Clone();
                _towardsDevicePub.CopyTo(forged, payload + NonceSize);
                Frames.FixCrcInPlace(forged);
                Interlocked.Increment(ref ChallengesSwapped);
                if (st.PubC != null) DeriveDeviceSideKeys(st);
                return Verdict.With(forged);
            }
            case Frames.HelloAck when p.Direction == Direction.ToGateway && KnownPsk != null && st.Nonce != null:
            {
                // Gateway's view: pub_C' = ours, pub_S = the gateway's.
                byte[] proof = Mac(KnownPsk, Frames.HelloAck, st.Nonce, st.DeviceId!, _towardsGatewayPub, st.PubS!);
                byte[] ack = Frames.Build(Frames.HelloAck, p.Seq, proof);
                // Device's view: pub_C = the device's, pub_S' = ours.
                byte[] sessionId = new byte[SessionIdSize];
                UsmpCrypto.FillRandom(sessionId, 0, SessionIdSize);
                byte[] serverProof = Mac(KnownPsk, Frames.SessionOk, st.Nonce, sessionId, st.PubC!, _towardsDevicePub);
                byte[] sessionOk = Frames.Build(Frames.SessionOk, 0, Frames.Concat(sessionId, serverProof));
                Interlocked.Increment(ref AcksReproved);
                Interlocked.Increment(ref SessionOksForged);
                var v = Verdict.With(ack);
                v.EmitBack.Add(sessionOk);
                return v;
            }
            default:
                return Verdict.Pass(p);
        }
    }

    // §3 transcript proof: HMAC(PSK, CD AB 02 type ‖ nonce ‖ id ‖ pub_C ‖ pub_S).
    private static byte[] Mac(byte[] psk, byte type, byte[] nonce, byte[] id, byte[] pubC, byte[] pubS)
    {
        byte[] msg = Frames.Concat(new byte[] { UsmpConstants.MagicLow, UsmpConstants.MagicHigh, UsmpConstants.Version, type }, nonce, id, pubC, pubS);
        byte[] mac = new byte[MacSize];
        ServerCrypto.HmacSha256(mac, psk, msg, 0, msg.Length);
        return mac;
    }

    private void DeriveDeviceSideKeys(FlowState st)
    {
        byte[] c2s = new byte[KeySize], s2c = new byte[KeySize];
        if (ServerCrypto.DeriveSessionKeys(c2s, s2c, _towardsDevicePriv, st.PubC!, st.Nonce!, st.PubC!, _towardsDevicePub) == NativeStatus.Ok)
            DeviceSideKeys = Frames.Concat(c2s, s2c);
        _ = BinaryPrimitives.ReadUInt16LittleEndian(c2s); // keep the analyzer quiet about unused reads
    }
}
