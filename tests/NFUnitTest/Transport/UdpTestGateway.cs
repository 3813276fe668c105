// A minimal USMP gateway for the lossy-link tests, on its own thread over one end of an
// InMemoryDatagramLink: the stateless cookie step on the raw link (plain UTACK + HELLO_RETRY, no
// ARQ, as §8 says), then a UdpTransport (with the gateway's duplicate rule, ServerDuplicateFilter) replaying the transcript's server side of
// the handshake (handshake-transcript-udp.json: fixed nonce, server key and session id, so the
// client must use the transcript's ephemeral key), then a datagram-mode Session that echoes every
// message back and records it; a message starting with "rekey" makes it start a REKEY first. With
// ForgeAhead it also sends, before each echo, a forged DATA frame far ahead of its own seqs (a
// garbled tag): the client must never acknowledge one. Any deviation is stored in Error.
using System;
using System.Collections;
using System.Threading;
using NFUnitTest.Vectors;
using Usmp;
using Usmp.Native;

namespace NFUnitTest
{
    internal sealed class UdpTestGateway
    {
        private readonly InMemoryDatagramLink _link;
        private readonly UdpTransport _transport;
        private readonly byte[] _frame = new byte[UsmpConstants.MaxFrame];
        private Thread _thread;
        private bool _stop;   // set by the test thread; read each loop (no volatile on nanoFramework)

        public UdpTestGateway(InMemoryDatagramLink link)
        {
            _link = link;
            var clock = new SystemClock();
            _transport = new UdpTransport(new ServerDuplicateFilter(link, clock), clock);
            Received = new ArrayList();
        }

        // A gateway on one end of a fresh in-memory link pair, started (waiting for a HELLO on its
        // thread); the client uses clientLink, the test may impair either end.
        public static UdpTestGateway StartOnNewLink(out InMemoryDatagramLink clientLink, out InMemoryDatagramLink gatewayLink)
        {
            InMemoryDatagramLink.CreatePair(out clientLink, out gatewayLink);
            UdpTestGateway gateway = new UdpTestGateway(gatewayLink);
            gateway.Start();
            return gateway;
        }

        // The client side of the transcript this gateway replays: its PSK, device id and ephemeral key.
        public static UsmpClientOptions TranscriptClientOptions()
        {
            UsmpClientOptions options = new UsmpClientOptions();
            options.Psk = TestHex.Decode(HandshakeTranscriptUdp.Psk);
            options.DeviceId = TestHex.Decode(HandshakeTranscriptUdp.DeviceId);
            options.Random = new FixedRandomSource(new byte[] { 1, 2, 3, 5, 8, 13 });
            options.EphemeralPrivateKeyForTests = TestHex.Decode(HandshakeTranscriptUdp.ClientPrivate);
            return options;
        }

        public string Error;
        public bool SawBye;
        public ArrayList Received;
        public bool ForgeAhead;
        public int Rekeys;
        public int Forged;

        // The first seq of the forged frames: never reached by the gateway's genuine frames here.
        public const uint ForgedSeqBase = 100000;

        public void Start()
        {
            _thread = new Thread(Run);
            _thread.Start();
        }

        public void StopAndJoin()
        {
            _stop = true;
            _thread.Join();
        }

        private void Run()
        {
            try
            {
                _transport.Open();
                CookieStep();
                Session session = Handshake();
                Serve(session);
            }
            catch (Exception e)
            {
                Error = "gateway: " + e.GetType().Name + ": " + e.Message;
            }
        }

        // §8: a 50-byte HELLO gets a plain UTACK, then HELLO_RETRY(cookie), statelessly.
        private void CookieStep()
        {
            int length = _link.Receive(_frame, 0, _frame.Length, 5000);
            if (length != 50)
            {
                throw new Exception("expected a cookie-less HELLO, got " + length.ToString() + " bytes");
            }
            Send("acac0100000000");
            Send(HandshakeTranscriptUdp.HelloRetryFrame);
        }

        private Session Handshake()
        {
            Expect(HandshakeTranscriptUdp.HelloWithCookieFrame);
            SendFrame(HandshakeTranscriptUdp.ChallengeFrame);
            Expect(HandshakeTranscriptUdp.HelloAckFrame);
            // §3: the server installs the keys just before it sends SESSION_OK: the session's key
            // epochs MAC and check the transport's session-phase UTACKs from now on.
            byte[] kC2s = TestHex.Decode(HandshakeTranscriptUdp.KC2s);
            byte[] kS2c = TestHex.Decode(HandshakeTranscriptUdp.KS2c);
            SessionKeys keys = SessionKeys.ForServer(kC2s, kS2c, TestHex.Decode(HandshakeTranscriptUdp.SessionId));
            Session session = new Session(keys, true, new FixedRandomSource(new byte[] { 7 }), new SystemClock());
            _transport.AttachSession(session);
            SendFrame(HandshakeTranscriptUdp.SessionOkFrame);
            return session;
        }

        private void Serve(Session session)
        {
            while (!_stop)
            {
                // After BYE nothing is acknowledged any more (the session is closed).
                int length = _transport.ReceiveFrame(_frame, 0, 50);
                if (length == 0 || !session.IsOpen)
                {
                    continue;
                }
                SessionEvent received = session.Accept(_frame, 0, length, _transport);
                if (received == SessionEvent.Dropped)
                {
                    continue;
                }
                if (received == SessionEvent.Closed)
                {
                    SawBye = true;
                    continue;
                }
                if (received == SessionEvent.Message)
                {
                    byte[] message = TestHex.Slice(session.MessageBuffer, 0, session.MessageLength);
                    Received.Add(message);
                    if (StartsWithRekey(message))
                    {
                        session.Rekey(_transport);   // §7: the gateway starts it; completes once the client acknowledged it
                        Rekeys++;
                    }
                    if (ForgeAhead)
                    {
                        SendForgery();
                    }
                    session.Send(message, 0, message.Length, _transport);
                }
            }
        }

        private static bool StartsWithRekey(byte[] message)
        {
            return message.Length >= 5 && message[0] == (byte)'r' && message[1] == (byte)'e' && message[2] == (byte)'k' && message[3] == (byte)'e' && message[4] == (byte)'y';
        }

        // A DATA frame with a valid header and CRC but a garbled tag, at a seq the gateway never uses.
        private void SendForgery()
        {
            byte[] forged = new byte[UsmpConstants.SealedFrameOverhead + 8];
            uint seq = ForgedSeqBase + (uint)Forged;
            UsmpCrypto.SealFrame(forged, 0, (byte)PacketType.Data, seq, TestHex.Decode(HandshakeTranscriptUdp.KS2c), TestHex.Decode(HandshakeTranscriptUdp.SessionId), new byte[8], 0, 8);
            forged[forged.Length - 1] ^= 0x40;
            FrameHeader.WriteCrc(forged, 0);
            _link.Send(forged, 0, forged.Length);
            Forged++;
        }

        private void Expect(string hex)
        {
            int length = _transport.ReceiveFrame(_frame, 0, 5000);
            byte[] expected = TestHex.Decode(hex);
            if (length != expected.Length)
            {
                throw new Exception("handshake frame of " + length.ToString() + " bytes, expected " + expected.Length.ToString());
            }
            for (int i = 0; i < length; i++)
            {
                if (_frame[i] != expected[i])
                {
                    throw new Exception("handshake frame differs from the transcript at byte " + i.ToString());
                }
            }
        }

        private void SendFrame(string hex)
        {
            byte[] frame = TestHex.Decode(hex);
            _transport.SendFrame(frame, 0, frame.Length);
        }

        private void Send(string hex)
        {
            byte[] datagram = TestHex.Decode(hex);
            _link.Send(datagram, 0, datagram.Length);
        }
    }
}
