// The loopback TCP gateway of FaultTests: real sockets, because what is tested (a peer that
// closes or resets mid-frame, a half-open connection) depends on the socket. nanoFramework-compatible C#.
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using NFUnitTest.Vectors;
using Usmp;

namespace NFUnitTest
{
    // What the gateway does on its first connection, after the handshake.
    internal static class FaultScenario
    {
        public const int CloseMidFrame = 1;
        public const int ResetMidFrame = 2;
        public const int HalfOpen = 3;
    }

    // A loopback TCP gateway that replays the transcript handshake (the client uses the
    // transcript's ephemeral key), then on its FIRST connection plays the fault scenario; later
    // connections stay healthy (open) until Stop.
    internal sealed class LoopbackGateway
    {
        private readonly Socket _listener;
        private readonly int _scenario;
        private readonly int _connections;
        private readonly ManualResetEvent _stop = new ManualResetEvent(false);

        public readonly int Port;

        public LoopbackGateway(int scenario, int connections)
        {
            _scenario = scenario;
            _connections = connections;
            _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(2);
            Port = ((IPEndPoint)_listener.LocalEndPoint).Port;
            new Thread(Run).Start();
        }

        public void Stop()
        {
            _stop.Set();
        }

        private void Run()
        {
            try
            {
                for (int i = 0; i < _connections; i++)
                {
                    Socket peer = _listener.Accept();
                    if (!Handshake(peer))
                    {
                        peer.Close();
                        continue;
                    }
                    if (i == 0)
                    {
                        PlayScenario(peer);
                    }
                    else
                    {
                        _stop.WaitOne(20000, false);   // hang guard
                        peer.Close();
                    }
                }
            }
            catch (Exception)
            {
                // the test ended first
            }
            _listener.Close();
        }

        private void PlayScenario(Socket peer)
        {
            if (_scenario == FaultScenario.HalfOpen)
            {
                _stop.WaitOne(20000, false);       // neither read nor write; hang guard
                peer.Close();
                return;
            }
            byte[] frame = TestHex.Decode(HandshakeTranscript.ServerSessionFrames[0]);
            peer.Send(frame, 0, 20, SocketFlags.None);    // header + 8 payload bytes, then the end
            Thread.Sleep(50);
#if !NANOFRAMEWORK_1_0
            if (_scenario == FaultScenario.ResetMidFrame)
            {
                peer.LingerState = new LingerOption(true, 0);   // close sends RST (host sockets)
            }
#endif
            peer.Close();
        }

        // HELLO (50) -> CHALLENGE, HELLO_ACK (44) -> SESSION_OK; false if the client went away.
        private static bool Handshake(Socket peer)
        {
            if (!ReadExactly(peer, UsmpConstants.HeaderSize + UsmpConstants.HelloPayloadSize))
            {
                return false;
            }
            Send(peer, HandshakeTranscript.ChallengeFrame);
            if (!ReadExactly(peer, UsmpConstants.HeaderSize + UsmpConstants.HelloAckPayloadSize))
            {
                return false;
            }
            Send(peer, HandshakeTranscript.SessionOkFrame);
            return true;
        }

        private static bool ReadExactly(Socket peer, int count)
        {
            byte[] buffer = new byte[count];
            int read = 0;
            peer.ReceiveTimeout = 10000;           // hang guard
            while (read < count)
            {
                int n = peer.Receive(buffer, read, count - read, SocketFlags.None);
                if (n <= 0)
                {
                    return false;
                }
                read += n;
            }
            return true;
        }

        private static void Send(Socket peer, string hex)
        {
            byte[] frame = TestHex.Decode(hex);
            peer.Send(frame, 0, frame.Length, SocketFlags.None);
        }
    }
}
