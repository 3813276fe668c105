// ClientHandshake (§3, §8 cookie) driven by generated step scripts against a model server
// (.NET HMAC/HKDF, see CryptoModel) and a model of the client's state machine:
//   - every outcome (success, or exactly which typed exception) is what the model predicts;
//   - nothing outside the documented typed set ever escapes;
//   - after any refusal: State == Failed and every secret buffer is all zero;
//   - the frames the client writes are the model's bytes, and the keys it hands over are the
//     model server's k_c2s / k_s2c;
//   - the happy path from a valid model server always establishes (a separate property).
using FsCheck;
using FsCheck.Fluent;
using Usmp.PropertyTests.Model;
using Xunit;
using Xunit.Abstractions;

namespace Usmp.PropertyTests.Properties;

public sealed class HandshakeProperties(ITestOutputHelper output)
{
    public enum Step { CreateHello, ConsumeHelloRetry, CreateHelloWithCookie, ConsumeChallenge, CreateHelloAck, ConsumeSessionOk, TakeSessionKeys, Abort }

    public enum Source { Valid, MutatedStaleCrc, MutatedFreshCrc, OtherType, Random, Truncated, Extended, LowOrderKey, WrongPsk }

    public sealed record Action(bool FollowExpected, Step Random, Source Source, int Position, byte Value, byte[] Junk);

    public sealed record Script(bool Udp, byte[] DeviceId, byte[] Psk, byte[] ClientPrivate, byte[] ServerPrivate, byte[] Nonce, byte[] SessionId, byte[] Cookie, Action[] Actions);

    private static readonly Gen<Action> s_action =
        from follow in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from step in Gen.Elements(Enum.GetValues<Step>())
        from source in Gen.Frequency(
            (10, Gen.Constant(Source.Valid)), (2, Gen.Constant(Source.MutatedStaleCrc)), (3, Gen.Constant(Source.MutatedFreshCrc)),
            (1, Gen.Constant(Source.OtherType)), (1, Gen.Constant(Source.Random)), (1, Gen.Constant(Source.Truncated)),
            (1, Gen.Constant(Source.Extended)), (1, Gen.Constant(Source.LowOrderKey)), (1, Gen.Constant(Source.WrongPsk)))
        from position in Gen.Choose(0, 200)
        from value in Gens.Byte
        from junk in Gens.Bytes(0, 80)
        select new Action(follow, step, source, position, value, junk);

    private static Gen<Script> Scripts(Gen<Action[]> actions) =>
        from udp in Gens.Bool
        from deviceId in Gens.Bytes(6)
        from psk in Gens.Bytes(16, 40)
        from clientPrivate in Gens.Bytes(32)
        from serverPrivate in Gens.Bytes(32)
        from nonce in Gens.Bytes(32)
        from sessionId in Gens.Bytes(16)
        from cookie in Gens.Bytes(16)
        from acts in actions
        select new Script(udp, deviceId, psk, clientPrivate, serverPrivate, nonce, sessionId, cookie, acts);

    private sealed class FixedRandom(byte[] bytes) : IRandomSource
    {
        public void GetBytes(byte[] buffer, int offset, int count) => Array.Copy(bytes, 0, buffer, offset, count);
    }

    /// <summary>The model server and the model of the client's state machine for one script.</summary>
    private sealed class Model(Script s)
    {
        public ClientHandshakeState State = ClientHandshakeState.Idle;
        public bool Taken;
        public readonly byte[] PubC = CryptoModel.PublicKey(s.ClientPrivate);
        public readonly byte[] PubS = CryptoModel.PublicKey(s.ServerPrivate);
        public byte[] AcceptedCookie, AcceptedNonce, AcceptedPubS, KC2s, KS2c;

        public Step Expected => State switch
        {
            ClientHandshakeState.Idle => Step.CreateHello,
            ClientHandshakeState.HelloSent => s.Udp ? Step.ConsumeHelloRetry : Step.ConsumeChallenge,
            ClientHandshakeState.RetryReceived => Step.CreateHelloWithCookie,
            ClientHandshakeState.HelloWithCookieSent => Step.ConsumeChallenge,
            ClientHandshakeState.ChallengeReceived => Step.CreateHelloAck,
            ClientHandshakeState.HelloAckSent => Step.ConsumeSessionOk,
            _ => Step.TakeSessionKeys,
        };

        public byte[] ValidFrame(Step step, Source source) => step switch
        {
            Step.ConsumeHelloRetry => WireModel.Encode(0x0A, 0, s.Cookie),
            Step.ConsumeChallenge => WireModel.Encode(0x02, 0, [.. s.Nonce, .. source == Source.LowOrderKey ? LowOrder(s.Position()) : PubS]),
            _ => SessionOk(source == Source.WrongPsk),
        };

        private byte[] SessionOk(bool wrongPsk)
        {
            byte[] psk = wrongPsk ? s.Psk.Select(b => (byte)(b ^ 0x5A)).ToArray() : s.Psk;
            byte[] mac = CryptoModel.Hmac(psk, CryptoModel.ServerProofPrefix, s.Nonce, s.SessionId, PubC, PubS);
            return WireModel.Encode(0x04, 0, [.. s.SessionId, .. mac]);
        }

        private static byte[] LowOrder(int which) => which % 2 == 0 ? new byte[32] : [1, .. new byte[31]];

        /// <summary>The exception type the model predicts for consuming `frame` as `type`, or null (accepted, state moved).</summary>
        public Type Consume(byte type, byte[] frame)
        {
            bool allowed = type switch
            {
                0x0A => State == ClientHandshakeState.HelloSent,
                0x02 => State is ClientHandshakeState.HelloSent or ClientHandshakeState.HelloWithCookieSent,
                _ => State == ClientHandshakeState.HelloAckSent,
            };
            if (!allowed)
            {
                return typeof(ProtocolException);
            }
            Type verdict = WireModel.Verdict(frame, true);   // the device checks handshake CRCs (§11 item 2)
            if (verdict != null)
            {
                return verdict;
            }
            if (frame[3] != type)
            {
                return typeof(HandshakeException);
            }
            byte[] payload = frame[12..];
            int expectedLength = type switch { 0x0A => 16, 0x02 => 64, _ => 48 };
            if (payload.Length != expectedLength)
            {
                return typeof(PayloadException);
            }
            switch (type)
            {
                case 0x0A:
                    AcceptedCookie = payload;
                    State = ClientHandshakeState.RetryReceived;
                    return null;
                case 0x02:
                    byte[] nonce = payload[..32], pubS = payload[32..];
                    byte[] shared = CryptoModel.X25519(s.ClientPrivate, pubS);
                    if (shared.All(b => b == 0))
                    {
                        return typeof(HandshakeException);
                    }
                    (KC2s, KS2c) = CryptoModel.SessionKeys(shared, nonce, PubC, pubS);
                    AcceptedNonce = nonce;
                    AcceptedPubS = pubS;
                    State = ClientHandshakeState.ChallengeReceived;
                    return null;
                default:
                    byte[] expectedMac = CryptoModel.Hmac(s.Psk, CryptoModel.ServerProofPrefix, AcceptedNonce, payload[..16], PubC, AcceptedPubS);
                    if (!expectedMac.SequenceEqual(payload[16..]))
                    {
                        return typeof(AuthenticationException);
                    }
                    State = ClientHandshakeState.Established;
                    return null;
            }
        }
    }

    private static byte[] BuildFrame(Model model, Step step, Action a)
    {
        byte[] valid = model.ValidFrame(step, a.Source);
        switch (a.Source)
        {
            case Source.MutatedStaleCrc:
            case Source.MutatedFreshCrc:
                byte[] m = (byte[])valid.Clone();
                int at = a.Position % m.Length;
                m[at] = m[at] == a.Value ? (byte)(a.Value ^ 0x80) : a.Value;
                if (a.Source == Source.MutatedFreshCrc)
                {
                    WireModel.FixCrc(m);
                }
                return m;
            case Source.OtherType:
                byte[] other = step == Step.ConsumeChallenge ? model.ValidFrame(Step.ConsumeSessionOk, Source.Valid) : model.ValidFrame(Step.ConsumeChallenge, Source.Valid);
                return other;
            case Source.Random:
                return a.Junk.Length >= 2 && a.Position % 2 == 0 ? [0xCD, 0xAB, 0x02, .. a.Junk] : a.Junk;
            case Source.Truncated:
                return valid[..(a.Position % valid.Length)];
            case Source.Extended:
                byte[] longer = [.. valid[..8], (byte)(valid.Length - 12 + 1), 0, 0, 0, .. valid[12..], a.Value];
                WireModel.FixCrc(longer);
                return longer;
            default:
                return valid;
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> s_outcomes = new();

    /// <summary>Runs one script step by step against the model.</summary>
    private static void RunScript(Script s)
    {
        var hs = new ClientHandshake(s.DeviceId, s.Psk, new FixedRandom(s.ClientPrivate));
        var model = new Model(s);
        byte[] outBuffer = new byte[600];
        foreach (Action a in s.Actions)
        {
            Step step = a.FollowExpected ? model.Expected : a.Random;
            Type expected;
            byte[] expectedOutput = null;
            byte[] frame = null;
            switch (step)
            {
                case Step.ConsumeHelloRetry:
                case Step.ConsumeChallenge:
                case Step.ConsumeSessionOk:
                    frame = BuildFrame(model, step, a);
                    expected = model.Consume(step switch { Step.ConsumeHelloRetry => (byte)0x0A, Step.ConsumeChallenge => (byte)0x02, _ => (byte)0x04 }, frame);
                    break;
                case Step.CreateHello:
                    expected = model.State == ClientHandshakeState.Idle ? null : typeof(ProtocolException);
                    expectedOutput = WireModel.Encode(0x01, 0, [.. s.DeviceId, .. model.PubC]);
                    if (expected == null) model.State = ClientHandshakeState.HelloSent;
                    break;
                case Step.CreateHelloWithCookie:
                    expected = model.State == ClientHandshakeState.RetryReceived ? null : typeof(ProtocolException);
                    if (expected == null)
                    {
                        expectedOutput = WireModel.Encode(0x01, 1, [.. s.DeviceId, .. model.PubC, .. model.AcceptedCookie]);
                        model.State = ClientHandshakeState.HelloWithCookieSent;
                    }
                    break;
                case Step.CreateHelloAck:
                    expected = model.State == ClientHandshakeState.ChallengeReceived ? null : typeof(ProtocolException);
                    if (expected == null)
                    {
                        byte[] proof = CryptoModel.Hmac(s.Psk, CryptoModel.ClientProofPrefix, model.AcceptedNonce, s.DeviceId, model.PubC, model.AcceptedPubS);
                        expectedOutput = WireModel.Encode(0x03, 2, proof);
                        model.State = ClientHandshakeState.HelloAckSent;
                    }
                    break;
                case Step.TakeSessionKeys:
                    expected = model.State == ClientHandshakeState.Established && !model.Taken ? null : typeof(ProtocolException);
                    break;
                default:
                    expected = null;
                    break;
            }
            if (expected != null)
            {
                model.State = ClientHandshakeState.Failed;
            }

            Exception thrown = null;
            int written = 0;
            SessionKeys keys = null;
            try
            {
                switch (step)
                {
                    case Step.CreateHello: written = hs.CreateHello(outBuffer, 3); break;
                    case Step.CreateHelloWithCookie: written = hs.CreateHelloWithCookie(outBuffer, 3); break;
                    case Step.CreateHelloAck: written = hs.CreateHelloAck(outBuffer, 3); break;
                    case Step.ConsumeHelloRetry: hs.ConsumeHelloRetry([0xEE, .. frame], 1, frame.Length); break;
                    case Step.ConsumeChallenge: hs.ConsumeChallenge([0xEE, .. frame], 1, frame.Length); break;
                    case Step.ConsumeSessionOk: hs.ConsumeSessionOk([0xEE, .. frame], 1, frame.Length); break;
                    case Step.TakeSessionKeys: keys = hs.TakeSessionKeys(); break;
                    case Step.Abort: hs.Abort(); model.State = ClientHandshakeState.Failed; break;
                }
            }
            catch (Exception e)
            {
                thrown = e;
            }

            s_outcomes.AddOrUpdate(thrown?.GetType().Name ?? (hs.State == ClientHandshakeState.Established ? "Established" : "ok"), 1, (_, n) => n + 1);
            Assert.True(thrown == null || thrown is UsmpException, $"{step}: escaped the typed set: {thrown}");
            Assert.Equal(expected, thrown?.GetType());
            Assert.Equal(model.State, hs.State);
            if (expected == null && expectedOutput != null)
            {
                Assert.Equal(expectedOutput, outBuffer.AsSpan(3, written).ToArray());
            }
            if (keys != null)
            {
                model.Taken = true;
                Assert.Equal(model.KC2s, keys.TxKey);
                Assert.Equal(model.KS2c, keys.RxKey);
                Assert.Equal(s.SessionId, keys.SessionId);
            }
            if (hs.State == ClientHandshakeState.Failed || model.Taken)
            {
                foreach (string buffer in new[] { "PrivateKeyBuffer", "KeyBlockBuffer", "PskBuffer", "HmacClientBuffer", "NonceBuffer", "SessionIdBuffer" })
                {
                    Assert.True(Internals.AllZero(Internals.Buffer(hs, buffer)), $"{buffer} not wiped after {step} (state {hs.State})");
                }
            }
        }
    }

    [Fact]
    public void GeneratedStepScriptsBehaveAsTheModelSays()
    {
        PropertyRun.Check(output, "handshake_scripts_vs_model", 800, Scripts(Gen.Choose(1, 9).SelectMany(n => s_action.ArrayOf(n))), RunScript);
        output.WriteLine("step outcomes: " + string.Join(", ", s_outcomes.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")));
    }

    [Fact]
    public void ValidModelServerFramesAlwaysEstablish()
    {
        Action valid = new(true, Step.Abort, Source.Valid, 0, 0, []);
        PropertyRun.Check(output, "handshake_valid_server_establishes", 500, Scripts(Gen.Constant(Enumerable.Repeat(valid, 9).ToArray())), s =>
        {
            RunScript(s);   // model and implementation agree step by step; the model says Established
            var hs = new ClientHandshake(s.DeviceId, s.Psk, new FixedRandom(s.ClientPrivate));
            var model = new Model(s);
            byte[] buffer = new byte[600];
            hs.CreateHello(buffer, 0);
            if (s.Udp)
            {
                byte[] retry = model.ValidFrame(Step.ConsumeHelloRetry, Source.Valid);
                hs.ConsumeHelloRetry(retry, 0, retry.Length);
                hs.CreateHelloWithCookie(buffer, 0);
            }
            byte[] challenge = model.ValidFrame(Step.ConsumeChallenge, Source.Valid);
            hs.ConsumeChallenge(challenge, 0, challenge.Length);
            int ackLength = hs.CreateHelloAck(buffer, 0);
            // the model server verifies the client's proof and derives the same keys from its side
            byte[] proof = CryptoModel.Hmac(s.Psk, CryptoModel.ClientProofPrefix, s.Nonce, s.DeviceId, model.PubC, model.PubS);
            Assert.Equal(proof, buffer[12..ackLength]);
            byte[] sessionOk = model.ValidFrame(Step.ConsumeSessionOk, Source.Valid);
            hs.ConsumeSessionOk(sessionOk, 0, sessionOk.Length);
            Assert.Equal(ClientHandshakeState.Established, hs.State);
            SessionKeys keys = hs.TakeSessionKeys();
            var (c2s, s2c) = CryptoModel.SessionKeys(CryptoModel.X25519(s.ServerPrivate, model.PubC), s.Nonce, model.PubC, model.PubS);
            Assert.Equal(c2s, keys.TxKey);
            Assert.Equal(s2c, keys.RxKey);
        });
    }
}

internal static class ScriptExtensions
{
    // Which low-order point a LowOrderKey CHALLENGE carries (0 or 1), from the script's data.
    public static int Position(this HandshakeProperties.Script s) => s.Nonce[0];
}
