// The real device UDP path: UsmpClient over firmware/Usmp/Transport/UdpTransport and
// SocketDatagramLink on a loopback UDP socket. The peer runs on its own thread (the stop-and-wait
// ARQ needs a UTACK while the client's Send is still waiting): the stateless cookie step, then a
// UdpTransport (with the gateway's duplicate rule, ServerDuplicateFilter) replaying the server side of tests/vectors/data/handshake-transcript-udp.json
// (same CHALLENGE and SESSION_OK as the TCP transcript, plus its HELLO_RETRY), then a datagram-mode
// Session with the transcript's keys that echoes every message. The probe counts the client thread
// only. Per frame: Send = seal + datagram + waiting for and checking the gateway's UTACK;
// Receive = the echo's datagram, its open and the client's UTACK for it.
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Usmp.Bench
{
    internal static class LoopbackUdp
    {
        // Datagram 2 of the UDP transcript; the cookie-less HELLO gets a plain UTACK first.
        private const string HelloRetry = "cdab020a000000001000e95ec90d5da62b37fc6eb4930aad6df0f7c1";
        private const string HelloUtack = "acac0100000000";

        public static void Run(int frames, byte[] message)
        {
            PeerLink link = new PeerLink();
            Peer peer = new Peer(link);
            Thread thread = new Thread(peer.Run);
            thread.IsBackground = true;
            thread.Start();

            UsmpClientOptions options = Transcript.ClientOptions();
            Transcript.InjectEphemeralKey(options);
            UsmpClient client = new UsmpClient(options, new UdpTransport(new SocketDatagramLink(new IPEndPoint(IPAddress.Loopback, link.Port)), new SystemClock()));
            client.Connect();
            byte[] received = new byte[UsmpConstants.MaxMessageSize];
            Figures up = new Figures();
            Figures down = new Figures();
            for (int i = 0; i < frames + Bench.WarmUp; i++)
            {
                bool keep = i >= Bench.WarmUp;
                Window w = Window.Open();
                client.Send(message, 0, message.Length);
                up.Close(w, keep);
                w = Window.Open();
                int length = client.Receive(received, 0, 5000);
                down.Close(w, keep);
                Bench.Expect(length == message.Length, "client got the echo over UDP" + (peer.Error != null ? " (" + peer.Error + ")" : ""));
            }
            client.Close();
            peer.Stop = true;
            thread.Join(5000);
            link.Close();
            Bench.Expect(peer.Error == null, "UDP peer: " + peer.Error);
            Console.WriteLine("real UdpTransport + SocketDatagramLink over loopback UDP, " + frames + " frames each way (echo):");
            Bench.Print("client Send", up, "0 B, 1 native call = seal, which also computes the UTACK to expect");
            Bench.Print("client Receive", down, "0 B, 1 native call = open, which also writes the UTACK");
            Top.Add("loopback UdpTransport, client Send", up);
            Top.Add("loopback UdpTransport, client Receive", down);
        }

        private sealed class Peer
        {
            private readonly PeerLink _link;
            private readonly UdpTransport _transport;
            private readonly byte[] _frame = new byte[UsmpConstants.MaxFrame];

            public volatile bool Stop;
            public string Error;

            public Peer(PeerLink link)
            {
                _link = link;
                var clock = new SystemClock();
                _transport = new UdpTransport(new ServerDuplicateFilter(link, clock), clock);   // the gateway's §8 duplicate rule (tests/Support)
            }

            public void Run()
            {
                try
                {
                    _transport.Open();
                    int length = _link.Receive(_frame, 0, _frame.Length, 10000);
                    Bench.Expect(length == 50, "a cookie-less HELLO");
                    Send(HelloUtack);
                    Send(HelloRetry);
                    Bench.Expect(_transport.ReceiveFrame(_frame, 0, 5000) > 0, "HELLO with the cookie");
                    SendFrame(Transcript.Challenge);
                    Bench.Expect(_transport.ReceiveFrame(_frame, 0, 5000) > 0, "HELLO_ACK");
                    Session session = Transcript.GatewaySession(true, 7);
                    _transport.AttachSession(session);
                    SendFrame(Transcript.SessionOk);
                    while (!Stop)
                    {
                        length = _transport.ReceiveFrame(_frame, 0, 50);
                        if (length == 0 || !session.IsOpen)
                        {
                            continue;
                        }
                        if (session.Accept(_frame, 0, length, _transport) == SessionEvent.Message)
                        {
                            session.Send(session.MessageBuffer, 0, session.MessageLength, _transport);
                        }
                    }
                }
                catch (Exception e)
                {
                    Error = e.GetType().Name + ": " + e.Message;
                }
            }

            private void SendFrame(string hex)
            {
                byte[] frame = Bench.Hex(hex);
                _transport.SendFrame(frame, 0, frame.Length);
            }

            private void Send(string hex)
            {
                byte[] datagram = Bench.Hex(hex);
                _link.Send(datagram, 0, datagram.Length);
            }
        }

        // The gateway's socket: bound to a loopback port; learns the client's address from its
        // first datagram and is connected to it from then on.
        private sealed class PeerLink : IDatagramLink
        {
            private readonly Socket _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            private bool _connected;

            public PeerLink()
            {
                _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }

            public int Port { get { return ((IPEndPoint)_socket.LocalEndPoint).Port; } }

            public void Open()
            {
            }

            public void Send(byte[] buffer, int offset, int count)
            {
                _socket.Send(buffer, offset, count, SocketFlags.None);
            }

            public int Receive(byte[] buffer, int offset, int count, int timeoutMs)
            {
                _socket.ReceiveTimeout = Math.Max(1, timeoutMs);
                try
                {
                    if (_connected)
                    {
                        return _socket.Receive(buffer, offset, count, SocketFlags.None);
                    }
                    EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                    int length = _socket.ReceiveFrom(buffer, offset, count, SocketFlags.None, ref from);
                    _socket.Connect(from);
                    _connected = true;
                    return length;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
                {
                    return 0;
                }
            }

            public void Close()
            {
                _socket.Close();
            }
        }
    }
}
