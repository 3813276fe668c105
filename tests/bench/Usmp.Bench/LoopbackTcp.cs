// The real device TCP path: UsmpClient over firmware/Usmp/Transport/TcpTransport (and its
// TcpFrameReader) on a loopback socket. The peer is this thread too, on the accepted socket: it
// replays the transcript's CHALLENGE and SESSION_OK, then a plain Session with the transcript's keys
// plays the gateway. Only the client's Send and Receive calls are inside the measuring windows; the
// handshake and 50 warm-up frames each way are not. Each received frame is already in the socket
// buffer when the client's Receive starts (the peer sent it just before), so one socket Receive
// brings one whole frame: the common case on a LAN, the cheapest one for TcpFrameReader.
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Usmp.Bench
{
    internal static class LoopbackTcp
    {
        public static void Run(int frames, byte[] message)
        {
            TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            Socket peer = null;
            Thread accept = new Thread(() =>
            {
                peer = listener.AcceptSocket();
                peer.NoDelay = true;
                Send(peer, Bench.Hex(Transcript.Challenge));
                Send(peer, Bench.Hex(Transcript.SessionOk));
            });
            accept.Start();

            TcpTransport transport = new TcpTransport(new IPEndPoint(IPAddress.Loopback, port), 5000, new SystemClock());
            UsmpClient client = new UsmpClient(Transcript.ClientOptions(), transport);
            client.Connect();
            accept.Join();
            listener.Stop();
            byte[] frame = new byte[UsmpConstants.MaxFrame];
            ReadFrame(peer, frame);   // HELLO
            ReadFrame(peer, frame);   // HELLO_ACK
            Session gateway = Transcript.GatewaySession(false, 5);
            PeerSink sink = new PeerSink(peer);
            byte[] received = new byte[UsmpConstants.MaxMessageSize];

            Figures up = new Figures();
            Figures down = new Figures();
            for (int i = 0; i < frames + Bench.WarmUp; i++)
            {
                Window w = Window.Open();
                client.Send(message, 0, message.Length);
                up.Close(w, i >= Bench.WarmUp);
                int length = ReadFrame(peer, frame);
                Bench.Expect(gateway.Accept(frame, 0, length, sink) == SessionEvent.Message, "gateway got the message over TCP");
            }
            for (int i = 0; i < frames + Bench.WarmUp; i++)
            {
                gateway.Send(message, 0, message.Length, sink);
                Window w = Window.Open();
                int length = client.Receive(received, 0, 5000);
                down.Close(w, i >= Bench.WarmUp);
                Bench.Expect(length == message.Length, "client got the message over TCP");
            }
            client.Close();
            peer.Close();
            Console.WriteLine("real TcpTransport + TcpFrameReader over a loopback socket, " + frames + " frames each way:");
            Bench.Print("client Send", up, "0 B, 1 native call = seal");
            Bench.Print("client Receive", down, "0 B, 1 native call = open");
            Top.Add("loopback TcpTransport, client Send", up);
            Top.Add("loopback TcpTransport, client Receive", down);
        }

        private static void Send(Socket socket, byte[] bytes)
        {
            int sent = 0;
            while (sent < bytes.Length)
            {
                sent += socket.Send(bytes, sent, bytes.Length - sent, SocketFlags.None);
            }
        }

        // One frame off the stream: the 12-byte header, then its declared payload length.
        private static int ReadFrame(Socket socket, byte[] frame)
        {
            ReadExactly(socket, frame, 0, 12);
            int length = 12 + (frame[8] | (frame[9] << 8));
            ReadExactly(socket, frame, 12, length - 12);
            return length;
        }

        private static void ReadExactly(Socket socket, byte[] buffer, int offset, int count)
        {
            while (count > 0)
            {
                int n = socket.Receive(buffer, offset, count, SocketFlags.None);
                Bench.Expect(n > 0, "the client kept the TCP connection open");
                offset += n;
                count -= n;
            }
        }

        // The gateway Session's frames go straight onto the accepted socket.
        private sealed class PeerSink : IFrameSink, IUtackSink
        {
            private readonly Socket _socket;

            public PeerSink(Socket socket)
            {
                _socket = socket;
            }

            public void SendFrame(byte[] buffer, int offset, int length)
            {
                int sent = 0;
                while (sent < length)
                {
                    sent += _socket.Send(buffer, offset + sent, length - sent, SocketFlags.None);
                }
            }

            public void SendUtack(byte[] utack, int offset, int length)
            {
            }
        }
    }
}
