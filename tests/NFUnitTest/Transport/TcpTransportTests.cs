// TcpTransport over a real loopback socket (nanoFramework Socket API only): frames split across
// partial sends, the peer closing between frames and mid-frame (typed ConnectionClosedException),
// a receive timeout (0, session kept), and a connect to a closed port (typed, not a hang).
// Frames: tests/vectors/data/handshake-transcript.json frames[1] (CHALLENGE) and [3] (SESSION_OK).
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class TcpTransportTests
    {
        private static Socket s_listener;
        private static byte[] s_script;
        private static int s_scriptLength;
        private static int s_chunk;

        [TestMethod]
        public void Frames_split_across_partial_sends_arrive_whole()
        {
            byte[] challenge = TestHex.Decode(HandshakeTranscript.ChallengeFrame);
            byte[] sessionOk = TestHex.Decode(HandshakeTranscript.SessionOkFrame);
            byte[] script = new byte[challenge.Length + sessionOk.Length];
            Array.Copy(challenge, script, challenge.Length);
            Array.Copy(sessionOk, 0, script, challenge.Length, sessionOk.Length);
            TcpTransport transport = Connect(script, script.Length, 7);
            byte[] frame = new byte[UsmpConstants.MaxFrame];
            int length = transport.ReceiveFrame(frame, 0, 2000);
            CollectionAssert.AreEqual(challenge, TestHex.Slice(frame, 0, length));
            length = transport.ReceiveFrame(frame, 0, 2000);
            CollectionAssert.AreEqual(sessionOk, TestHex.Slice(frame, 0, length));
            Assert.ThrowsException(typeof(ConnectionClosedException), () => transport.ReceiveFrame(frame, 0, 2000));
            transport.Close();
        }

        [TestMethod]
        public void Peer_closes_mid_frame_throws_ConnectionClosedException()
        {
            byte[] challenge = TestHex.Decode(HandshakeTranscript.ChallengeFrame);
            TcpTransport transport = Connect(challenge, 30, 30);     // 30 of 76 bytes, then close
            byte[] frame = new byte[UsmpConstants.MaxFrame];
            try
            {
                transport.ReceiveFrame(frame, 0, 2000);
                throw new Exception("expected ConnectionClosedException");
            }
            catch (ConnectionClosedException e)
            {
                Assert.Contains("middle of a frame", e.Message);
            }
            transport.Close();
        }

        [TestMethod]
        public void Receive_timeout_returns_zero()
        {
            byte[] challenge = TestHex.Decode(HandshakeTranscript.ChallengeFrame);
            TcpTransport transport = Connect(challenge, 0, 1);       // sends nothing, keeps the line open
            byte[] frame = new byte[UsmpConstants.MaxFrame];
            Assert.AreEqual(0, transport.ReceiveFrame(frame, 0, 100));
            transport.Close();
            Thread.Sleep(50);
        }

        [TestMethod]
        public void Bad_magic_on_the_stream_throws_MagicException()
        {
            byte[] garbage = TestHex.Decode(HandshakeTranscript.ChallengeFrame);
            garbage[0] = 0x00;
            TcpTransport transport = Connect(garbage, garbage.Length, garbage.Length);
            Assert.ThrowsException(typeof(MagicException), () => transport.ReceiveFrame(new byte[UsmpConstants.MaxFrame], 0, 2000));
            transport.Close();
        }

        [TestMethod]
        public void Connect_to_a_closed_port_throws_a_typed_exception()
        {
            Socket probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)probe.LocalEndPoint).Port;
            probe.Close();
            TcpTransport transport = new TcpTransport(new IPEndPoint(IPAddress.Loopback, port), 2000, new SystemClock());
            try
            {
                transport.Open();
                throw new Exception("expected a UsmpException");
            }
            catch (UsmpException e)
            {
                Assert.IsTrue(e is TransportException || e is UsmpTimeoutException, e.GetType().Name);
            }
            Assert.ThrowsException(typeof(NotConnectedException), () => transport.ReceiveFrame(new byte[UsmpConstants.MaxFrame], 0, 0));
        }

        // A one-shot server: accepts, writes script[0..length) in chunks of `chunk` bytes, then
        // closes (or, for length 0, waits 500 ms first).
        private static TcpTransport Connect(byte[] script, int length, int chunk)
        {
            s_listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s_listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            s_listener.Listen(1);
            s_script = script;
            s_scriptLength = length;
            s_chunk = chunk;
            Thread server = new Thread(Serve);
            server.Start();
            int port = ((IPEndPoint)s_listener.LocalEndPoint).Port;
            TcpTransport transport = new TcpTransport(new IPEndPoint(IPAddress.Loopback, port), 2000, new SystemClock());
            transport.Open();
            return transport;
        }

        private static void Serve()
        {
            Socket listener = s_listener;
            Socket peer = listener.Accept();
            for (int sent = 0; sent < s_scriptLength; sent += s_chunk)
            {
                int count = s_chunk < s_scriptLength - sent ? s_chunk : s_scriptLength - sent;
                peer.Send(s_script, sent, count, SocketFlags.None);
                Thread.Sleep(2);
            }
            if (s_scriptLength == 0)
            {
                Thread.Sleep(500);
            }
            peer.Close();
            listener.Close();
        }
    }
}
