// What every scenario of the bench shares: the transcripts' fixed keys and frames, hex, checks,
// a replaying random source and an allocation-free frame sink.
using System;
using System.Reflection;
using Usmp.Bench.Instruments;

namespace Usmp.Bench
{
    internal static class Transcript
    {
        // Source: tests/vectors/data/handshake-transcript.json (RFC 7748 §6.1 keys, fixed nonce/session id).
        public const string Psk = "75736d702d6465762d70736b2d6368616e67652d6d652d6265666f72652d70726f64";
        public const string DeviceId = "a0b1c2d3e4f5";
        public const string ClientPrivate = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
        public const string Challenge = "cdab0202000000004000792c000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
            + "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
        public const string SessionOk = "cdab020400000000300062a6a0a1a2a3a4a5a6a7a8a9aaabacadaeaf20ae2d8f41e4e20840380aa67a2cbc1d"
            + "b4deacb9080b0c0b78ffc771c808b942";
        public const string KC2s = "05e88872c96a7a2c1bf3e048fe4338f215c5921578187b127470d9b26023631a";
        public const string KS2c = "913dea2fa8a045700d8aa474878b827a348677255ace5480b9326d09f3cdde76";
        public const string SessionId = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";

        public static UsmpClientOptions ClientOptions()
        {
            UsmpClientOptions options = new UsmpClientOptions();
            options.Psk = Bench.Hex(Psk);
            options.DeviceId = Bench.Hex(DeviceId);
            options.Random = new ReplayRandom(Bench.Hex(ClientPrivate)); // the ephemeral key is the first 32 random bytes
            return options;
        }

        // The client's ephemeral key, as the device tests set it (internal; read by reflection here).
        public static void InjectEphemeralKey(UsmpClientOptions options)
        {
            PropertyInfo property = typeof(UsmpClientOptions).GetProperty("EphemeralPrivateKeyForTests", BindingFlags.Instance | BindingFlags.NonPublic);
            property.SetValue(options, Bench.Hex(ClientPrivate));
        }

        public static Session GatewaySession(bool datagram, byte seed)
        {
            return new Session(SessionKeys.ForServer(Bench.Hex(KC2s), Bench.Hex(KS2c), Bench.Hex(SessionId)), datagram, new ReplayRandom(new byte[] { seed }), new SystemClock());
        }
    }

    internal static class Bench
    {
        public const int WarmUp = 50;

        // True when this code runs against the woven Usmp.dll (Probe's tables were sized by the weaver).
        public static bool Counting { get { return Probe.MethodNames.Length > 0; } }

        public static byte[] Hex(string hex)
        {
            return Convert.FromHexString(hex);
        }

        public static void Expect(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException("benchmark broke: " + what);
            }
        }

        public static byte[] Message(int payload)
        {
            byte[] message = new byte[payload];
            for (int i = 0; i < message.Length; i++)
            {
                message[i] = (byte)i;
            }
            return message;
        }

        // The historical line, and under it in the counting run the woven build's figures.
        public static void Print(string label, Figures figures, string targets)
        {
            Console.WriteLine("  " + label.PadRight(15) + ": " + figures.Report() + "   (targets: " + targets + ")");
            if (Counting)
            {
                Console.WriteLine("  " + "".PadRight(15) + "  " + figures.ReportCounts());
            }
        }
    }

    // Serves a fixed byte string, cycled: the ephemeral key for the handshake.
    internal sealed class ReplayRandom : IRandomSource
    {
        private readonly byte[] _bytes;
        private int _next;

        public ReplayRandom(byte[] bytes)
        {
            _bytes = bytes;
        }

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = _bytes[_next];
                _next = (_next + 1) % _bytes.Length;
            }
        }
    }

    // A sink that keeps the last frame and the last UTACK in fixed buffers (no allocation).
    internal sealed class Slot : IFrameSink, IUtackSink
    {
        public readonly byte[] Frame = new byte[UsmpConstants.MaxFrame];
        public readonly byte[] Utack = new byte[Usmp.Utack.MacedSize];
        public int Length;
        public int UtackLength;

        public void SendFrame(byte[] buffer, int offset, int length)
        {
            Array.Copy(buffer, offset, Frame, 0, length);
            Length = length;
        }

        public void SendUtack(byte[] utack, int offset, int length)
        {
            Array.Copy(utack, offset, Utack, 0, length);
            UtackLength = length;
        }
    }
}
