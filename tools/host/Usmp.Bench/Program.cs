// Usmp.Bench: after a TCP-mode handshake over InMemoryTransport (the transcript's fixed keys, so
// a plain Session can play the gateway in the same thread), sends 1,000 frames each way and
// prints, per frame, the managed bytes the CLIENT allocated (GC.GetAllocatedBytesForCurrentThread
// around each client call; target 0) and the native calls it made (Usmp.Native.NativeCallStats,
// host-only; targets 1 per seal and 1 per open). Then the same keys in UDP (datagram) mode at the
// Session level: a received frame costs its open plus the UTACK the session sends for it only
// after it opened (2 native calls), and checking the UTACK for a sent frame under the key epoch
// it was sealed in costs 1; all with 0 bytes allocated.
// Runs twice: plain, then with every UsmpClient event subscribed (handlers that count into static
// fields), the log hook set at the default Info level, and the counters read after each frame, to
// show the diagnostics cost nothing per frame.
// Run: dotnet run -c Release --project tools/host/Usmp.Bench [frames] [payloadBytes]
using System;
using System.Diagnostics;
using Usmp;
using Usmp.Native;

namespace Usmp.Bench
{
    public static class Program
    {
        // Source: tests/vectors/data/handshake-transcript.json (RFC 7748 §6.1 keys, fixed nonce/session id).
        private const string Psk = "75736d702d6465762d70736b2d6368616e67652d6d652d6265666f72652d70726f64";
        private const string DeviceId = "a0b1c2d3e4f5";
        private const string ClientPrivate = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
        private const string Challenge = "cdab0202000000004000792c000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
            + "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
        private const string SessionOk = "cdab020400000000300062a6a0a1a2a3a4a5a6a7a8a9aaabacadaeaf20ae2d8f41e4e20840380aa67a2cbc1d"
            + "b4deacb9080b0c0b78ffc771c808b942";
        private const string KC2s = "05e88872c96a7a2c1bf3e048fe4338f215c5921578187b127470d9b26023631a";
        private const string KS2c = "913dea2fa8a045700d8aa474878b827a348677255ace5480b9326d09f3cdde76";
        private const string SessionId = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";

        public static int Main(string[] args)
        {
            int frames = args.Length > 0 ? int.Parse(args[0]) : 1000;
            int payload = args.Length > 1 ? int.Parse(args[1]) : 100;
            if (payload < 0 || payload > UsmpConstants.MaxPlaintext)
            {
                Console.Error.WriteLine("payloadBytes must be 0..452 (one frame per message)");
                return 2;
            }

            Console.WriteLine("USMP client per-frame path, in-memory TCP-mode transport, " + frames + " frames each way, " + payload + "-byte messages");
            Run(frames, payload, false);
            Run(frames, payload, true);
            return 0;
        }

        private static long s_events;
        private static long s_counterSum;

        private static void Run(int frames, int payload, bool diagnostics)
        {
            InMemoryTransport clientEnd;
            InMemoryTransport gatewayEnd;
            InMemoryTransport.CreatePair(false, out clientEnd, out gatewayEnd);
            gatewayEnd.SendFrame(Hex(Challenge), 0, Challenge.Length / 2);
            gatewayEnd.SendFrame(Hex(SessionOk), 0, SessionOk.Length / 2);

            UsmpClientOptions options = new UsmpClientOptions();
            options.Psk = Hex(Psk);
            options.DeviceId = Hex(DeviceId);
            options.Random = new ReplayRandom(Hex(ClientPrivate)); // the ephemeral key is the first 32 random bytes
            UsmpClient client = new UsmpClient(options, clientEnd);
            if (diagnostics)
            {
                client.Connected += (c, id, udp, ms) => s_events++;
                client.Rekeyed += (c, epoch, byGateway) => s_events++;
                client.Retransmitted += (c, type, seq, attempt) => s_events++;
                client.FrameDropped += (c, reason) => s_events++;
                client.Closed += (c, reason, error) => s_events++;
                client.LogHandler = (level, tag, text) => s_events++;
            }
            client.Connect();
            byte[] frame = new byte[UsmpConstants.MaxFrame];
            gatewayEnd.ReceiveFrame(frame, 0, 0);   // HELLO
            gatewayEnd.ReceiveFrame(frame, 0, 0);   // HELLO_ACK
            Session gateway = new Session(SessionKeys.ForServer(Hex(KC2s), Hex(KS2c), Hex(SessionId)), false, new ReplayRandom(new byte[] { 1 }), new SystemClock());

            byte[] message = new byte[payload];
            byte[] received = new byte[UsmpConstants.MaxMessageSize];
            for (int i = 0; i < message.Length; i++)
            {
                message[i] = (byte)i;
            }

            // Warm-up (JIT, first-call paths), not measured.
            Exchange(client, gateway, gatewayEnd, message, frame, received, 50);

            Figures up = new Figures();
            Figures down = new Figures();
            Stopwatch watch = Stopwatch.StartNew();
            for (int i = 0; i < frames; i++)
            {
                long bytes = GC.GetAllocatedBytesForCurrentThread();
                long calls = NativeCallStats.Calls;
                client.Send(message, 0, message.Length);                       // one seal
                if (diagnostics)
                {
                    s_counterSum += client.Counters.FramesSent + client.Counters.BytesSent + client.Counters.FramesDropped;
                }
                up.Add(GC.GetAllocatedBytesForCurrentThread() - bytes, NativeCallStats.Calls - calls);
                int length = gatewayEnd.ReceiveFrame(frame, 0, 0);
                Expect(gateway.Accept(frame, 0, length, gatewayEnd) == SessionEvent.Message, "gateway got the message");
            }
            for (int i = 0; i < frames; i++)
            {
                gateway.Send(message, 0, message.Length, gatewayEnd);
                long bytes = GC.GetAllocatedBytesForCurrentThread();
                long calls = NativeCallStats.Calls;
                int length = client.Receive(received, 0, 0);                   // one open
                if (diagnostics)
                {
                    s_counterSum += client.Counters.FramesReceived + client.Counters.BytesReceived + client.Counters.Dropped(DropReason.BadTag);
                }
                down.Add(GC.GetAllocatedBytesForCurrentThread() - bytes, NativeCallStats.Calls - calls);
                Expect(length == message.Length, "client got the message");
            }
            watch.Stop();
            client.Close();

            Console.WriteLine(diagnostics
                ? "with every event subscribed, the log hook set (level Info) and the counters read after each frame:"
                : "plain (no event handler, no log hook):");
            Console.WriteLine("  client Send    : " + up.Report(frames) + "   (targets: 0 B, 1 native call = seal)");
            Console.WriteLine("  client Receive : " + down.Report(frames) + "   (targets: 0 B, 1 native call = open)");
            Console.WriteLine("  wall time      : " + watch.ElapsedMilliseconds + " ms for " + (2 * frames) + " frames incl. the gateway side");
            if (diagnostics)
            {
                Expect(client.Counters.MessagesSent == frames + 50 && client.Counters.MessagesReceived == frames + 50, "the counters counted every message");
                Console.WriteLine("  diagnostics    : " + s_events + " events + log lines in all (Connected and Closed, each an event and a log line; none per frame), counters "
                    + client.Counters.FramesSent + " frames sent / " + client.Counters.FramesReceived + " received (incl. 50 warm-up each way and the BYE)");
            }
            if (!diagnostics)
            {
                MeasureDatagramMode(frames, message);
            }
        }

        // UDP mode, Session level (no transport): Accept = open + UTACK (sent only after it opened);
        // UtackMatches = the MAC check of the peer's UTACK for a sent frame, under its key epoch.
        private static void MeasureDatagramMode(int frames, byte[] message)
        {
            Session client = new Session(SessionKeys.ForClient(Hex(KC2s), Hex(KS2c), Hex(SessionId)), true, new ReplayRandom(new byte[] { 3 }), new SystemClock());
            Session gateway = new Session(SessionKeys.ForServer(Hex(KC2s), Hex(KS2c), Hex(SessionId)), true, new ReplayRandom(new byte[] { 4 }), new SystemClock());
            Slot toClient = new Slot();
            Slot toGateway = new Slot();
            Figures accept = new Figures();
            Figures verify = new Figures();
            for (int i = 0; i < frames + 50; i++)
            {
                gateway.Send(message, 0, message.Length, toClient);
                long bytes = GC.GetAllocatedBytesForCurrentThread();
                long calls = NativeCallStats.Calls;
                SessionEvent received = client.Accept(toClient.Frame, 0, toClient.Length, toGateway);   // open + UTACK
                long acceptBytes = GC.GetAllocatedBytesForCurrentThread() - bytes, acceptCalls = NativeCallStats.Calls - calls;
                Expect(received == SessionEvent.Message && toGateway.UtackLength == Utack.MacedSize, "client accepted and acknowledged");
                client.Send(message, 0, message.Length, toGateway);
                gateway.Accept(toGateway.Frame, 0, toGateway.Length, toClient);
                uint seq = FrameHeader.ReadSeq(toGateway.Frame, 0);
                bytes = GC.GetAllocatedBytesForCurrentThread();
                calls = NativeCallStats.Calls;
                bool matched = client.UtackMatches(toClient.Utack, 0, toClient.UtackLength, (byte)PacketType.Data, seq, client.TxEpoch);
                long verifyBytes = GC.GetAllocatedBytesForCurrentThread() - bytes, verifyCalls = NativeCallStats.Calls - calls;
                Expect(matched, "the gateway's UTACK verifies under the client's key epoch");
                if (i >= 50)   // after the warm-up
                {
                    accept.Add(acceptBytes, acceptCalls);
                    verify.Add(verifyBytes, verifyCalls);
                }
            }
            Console.WriteLine("USMP client per-frame path, UDP (datagram) mode, Session level, " + frames + " frames each way");
            Console.WriteLine("  Accept + UTACK : " + accept.Report(frames) + "   (targets: 0 B, 2 native calls = open, then the UTACK MAC)");
            Console.WriteLine("  UTACK check    : " + verify.Report(frames) + "   (targets: 0 B, 1 native call = MAC verify)");
        }

        // A sink that keeps the last frame and the last UTACK in fixed buffers (no allocation).
        private sealed class Slot : IFrameSink, IUtackSink
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

        private static void Exchange(UsmpClient client, Session gateway, InMemoryTransport gatewayEnd, byte[] message, byte[] frame, byte[] received, int count)
        {
            for (int i = 0; i < count; i++)
            {
                client.Send(message, 0, message.Length);
                int length = gatewayEnd.ReceiveFrame(frame, 0, 0);
                gateway.Accept(frame, 0, length, gatewayEnd);
                gateway.Send(message, 0, message.Length, gatewayEnd);
                client.Receive(received, 0, 0);
            }
        }

        private static void Expect(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException("benchmark broke: " + what);
            }
        }

        private static byte[] Hex(string hex)
        {
            return Convert.FromHexString(hex);
        }

        private sealed class Figures
        {
            private long _bytes;
            private long _calls;
            private long _maxBytes;
            private long _minCalls = long.MaxValue;
            private long _maxCalls;

            public void Add(long bytes, long calls)
            {
                _bytes += bytes;
                _calls += calls;
                _maxBytes = Math.Max(_maxBytes, bytes);
                _minCalls = Math.Min(_minCalls, calls);
                _maxCalls = Math.Max(_maxCalls, calls);
            }

            public string Report(int frames)
            {
                return ((double)_bytes / frames).ToString("F2") + " B allocated/frame (max " + _maxBytes + "), "
                    + ((double)_calls / frames).ToString("F2") + " native calls/frame (min " + _minCalls + ", max " + _maxCalls + ")";
            }
        }

        // Serves a fixed byte string, cycled: the ephemeral key for the handshake.
        private sealed class ReplayRandom : IRandomSource
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
    }
}
