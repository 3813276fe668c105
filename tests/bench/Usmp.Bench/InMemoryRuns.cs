// The two historical scenarios (no socket):
//  - TCP mode over InMemoryTransport: after a handshake with the transcript's fixed keys (a plain
//    Session plays the gateway on the same thread), one client Send and one client Receive per frame.
//    Optionally with every UsmpClient event subscribed, the log hook set at the default Info level
//    and the counters read after each frame, to show the diagnostics cost nothing per frame.
//  - UDP (datagram) mode at the Session level: Accept = open + the UTACK the session sends for it
//    only after it opened; UtackMatches = the MAC check of the peer's UTACK for a sent frame, under
//    the key epoch it was sealed in. No transport: the UDP transport's own work is not in these.
using System;
using System.Diagnostics;

namespace Usmp.Bench
{
    internal static class InMemoryRuns
    {
        private static long s_events;
        private static long s_counterSum;

        public static void Tcp(int frames, byte[] message, bool diagnostics)
        {
            InMemoryTransport clientEnd;
            InMemoryTransport gatewayEnd;
            InMemoryTransport.CreatePair(false, out clientEnd, out gatewayEnd);
            gatewayEnd.SendFrame(Bench.Hex(Transcript.Challenge), 0, Transcript.Challenge.Length / 2);
            gatewayEnd.SendFrame(Bench.Hex(Transcript.SessionOk), 0, Transcript.SessionOk.Length / 2);

            UsmpClient client = new UsmpClient(Transcript.ClientOptions(), clientEnd);
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
            Session gateway = Transcript.GatewaySession(false, 1);
            byte[] received = new byte[UsmpConstants.MaxMessageSize];

            // Warm-up (JIT, first-call paths), not measured.
            for (int i = 0; i < Bench.WarmUp; i++)
            {
                client.Send(message, 0, message.Length);
                int length = gatewayEnd.ReceiveFrame(frame, 0, 0);
                gateway.Accept(frame, 0, length, gatewayEnd);
                gateway.Send(message, 0, message.Length, gatewayEnd);
                client.Receive(received, 0, 0);
            }

            Figures up = new Figures();
            Figures down = new Figures();
            Stopwatch watch = Stopwatch.StartNew();
            for (int i = 0; i < frames; i++)
            {
                Window w = Window.Open();
                client.Send(message, 0, message.Length);                       // one seal
                if (diagnostics)
                {
                    s_counterSum += client.Counters.FramesSent + client.Counters.BytesSent + client.Counters.FramesDropped;
                }
                up.Close(w);
                int length = gatewayEnd.ReceiveFrame(frame, 0, 0);
                Bench.Expect(gateway.Accept(frame, 0, length, gatewayEnd) == SessionEvent.Message, "gateway got the message");
            }
            for (int i = 0; i < frames; i++)
            {
                gateway.Send(message, 0, message.Length, gatewayEnd);
                Window w = Window.Open();
                int length = client.Receive(received, 0, 0);                   // one open
                if (diagnostics)
                {
                    s_counterSum += client.Counters.FramesReceived + client.Counters.BytesReceived + client.Counters.Dropped(DropReason.BadTag);
                }
                down.Close(w);
                Bench.Expect(length == message.Length, "client got the message");
            }
            watch.Stop();
            client.Close();

            Console.WriteLine(diagnostics
                ? "with every event subscribed, the log hook set (level Info) and the counters read after each frame:"
                : "plain (no event handler, no log hook):");
            Bench.Print("client Send", up, "0 B, 1 native call = seal");
            Bench.Print("client Receive", down, "0 B, 1 native call = open");
            Console.WriteLine("  wall time      : " + watch.ElapsedMilliseconds + " ms for " + (2 * frames) + " frames incl. the gateway side");
            if (diagnostics)
            {
                Bench.Expect(client.Counters.MessagesSent == frames + Bench.WarmUp && client.Counters.MessagesReceived == frames + Bench.WarmUp, "the counters counted every message");
                Console.WriteLine("  diagnostics    : " + s_events + " events + log lines in all (Connected and Closed, each an event and a log line; none per frame), counters "
                    + client.Counters.FramesSent + " frames sent / " + client.Counters.FramesReceived + " received (incl. 50 warm-up each way and the BYE)");
            }
            Top.Add("in-memory TCP, client Send", up);
            Top.Add("in-memory TCP, client Receive", down);
        }

        public static void DatagramSession(int frames, byte[] message)
        {
            Session client = new Session(SessionKeys.ForClient(Bench.Hex(Transcript.KC2s), Bench.Hex(Transcript.KS2c), Bench.Hex(Transcript.SessionId)), true, new ReplayRandom(new byte[] { 3 }), new SystemClock());
            Session gateway = Transcript.GatewaySession(true, 4);
            Slot toClient = new Slot();
            Slot toGateway = new Slot();
            Figures accept = new Figures();
            Figures verify = new Figures();
            for (int i = 0; i < frames + Bench.WarmUp; i++)
            {
                bool keep = i >= Bench.WarmUp;
                gateway.Send(message, 0, message.Length, toClient);
                Window w = Window.Open();
                SessionEvent received = client.Accept(toClient.Frame, 0, toClient.Length, toGateway);   // open + UTACK
                accept.Close(w, keep);
                Bench.Expect(received == SessionEvent.Message && toGateway.UtackLength == Utack.MacedSize, "client accepted and acknowledged");
                client.Send(message, 0, message.Length, toGateway);
                gateway.Accept(toGateway.Frame, 0, toGateway.Length, toClient);
                uint seq = FrameHeader.ReadSeq(toGateway.Frame, 0);
                w = Window.Open();
                bool matched = client.UtackMatches(toClient.Utack, 0, toClient.UtackLength, (byte)PacketType.Data, seq, client.TxEpoch);
                verify.Close(w, keep);
                Bench.Expect(matched, "the gateway's UTACK verifies under the client's key epoch");
            }
            Console.WriteLine("USMP client per-frame path, UDP (datagram) mode, Session level, " + frames + " frames each way");
            Bench.Print("Accept + UTACK", accept, "0 B, 1 native call = open, which also writes the UTACK");
            Bench.Print("UTACK check", verify, "0 B, 0 native calls = compare with the UTACK the seal computed");
            Top.Add("UDP Session level, Accept + UTACK", accept);
            Top.Add("UDP Session level, UTACK check", verify);
        }
    }
}
