// Helpers shared by the client tests (FaultTests, the UsmpClient*Tests; no source file of their own):
// scripted frames into an in-memory gateway, the all-keys-wiped check, and a transport that
// opens a fresh transcript gateway per Open. nanoFramework-compatible C#.
using Usmp;
using NFUnitTest.Vectors;
using nanoFramework.TestFramework;

namespace NFUnitTest
{
    internal static class ClientTestSupport
    {
        /// <summary>Queues the frame given in hex as if the gateway had sent it.</summary>
        public static void Preload(InMemoryTransport gateway, string hex)
        {
            byte[] frame = TestHex.Decode(hex);
            gateway.SendFrame(frame, 0, frame.Length);
        }

        /// <summary>Queues the datagram given in hex as if the gateway had sent it.</summary>
        public static void Preload(InMemoryDatagramLink gateway, string hex)
        {
            byte[] datagram = TestHex.Decode(hex);
            gateway.Send(datagram, 0, datagram.Length);
        }

        /// <summary>Not connected, and the last session's keys (both key epochs, the handover) and id all zero (craft habit 9).</summary>
        public static void AssertWiped(UsmpClient usmp)
        {
            Assert.IsFalse(usmp.IsConnected);
            SessionKeys keys = usmp.KeysForTests;
            CollectionAssert.AreEqual(new byte[32], keys.TxKey, "tx key wiped");
            CollectionAssert.AreEqual(new byte[32], keys.RxKey, "rx key wiped");
            CollectionAssert.AreEqual(new byte[16], keys.SessionId, "session id wiped");
            Session last = usmp.LastSessionForTests;
            if (last != null)
            {
                AssertEpochsWiped(last);
            }
        }

        /// <summary>Both key epochs of a session (current and previous) and the REKEY salt are all zero.</summary>
        public static void AssertEpochsWiped(Session session)
        {
            CollectionAssert.AreEqual(new byte[32], session.Schedule.Current.TxKey, "current tx key wiped");
            CollectionAssert.AreEqual(new byte[32], session.Schedule.Current.RxKey, "current rx key wiped");
            CollectionAssert.AreEqual(new byte[32], session.Schedule.Previous.TxKey, "previous tx key wiped");
            CollectionAssert.AreEqual(new byte[32], session.Schedule.Previous.RxKey, "previous rx key wiped");
            CollectionAssert.AreEqual(new byte[32], session.Schedule.Salt, "REKEY salt wiped");
        }

        public static bool IsNonZero(byte[] bytes)
        {
            int any = 0;
            for (int i = 0; i < bytes.Length; i++)
            {
                any |= bytes[i];
            }
            return any != 0;
        }
    }

    // A fresh in-memory gateway (transcript CHALLENGE + SESSION_OK) per Open; refuses
    // FailNextOpens opens first, like a gateway that is restarting.
    internal sealed class ReopeningTransport : IFrameTransport
    {
        private InMemoryTransport _inner;

        public int OpenCalls;
        public int FailNextOpens;

        public ReopeningTransport()
        {
        }

        /// <summary>Refuses the first failFirstOpens opens.</summary>
        public ReopeningTransport(int failFirstOpens)
        {
            FailNextOpens = failFirstOpens;
        }

        public bool IsDatagram { get { return false; } }

        public void Open()
        {
            OpenCalls++;
            if (FailNextOpens > 0)
            {
                FailNextOpens--;
                throw new TransportException("gateway unreachable (scripted)");
            }
            InMemoryTransport gateway;
            InMemoryTransport.CreatePair(false, out _inner, out gateway);
            ClientTestSupport.Preload(gateway, HandshakeTranscript.ChallengeFrame);
            ClientTestSupport.Preload(gateway, HandshakeTranscript.SessionOkFrame);
        }

        public void SendFrame(byte[] buffer, int offset, int length)
        {
            _inner.SendFrame(buffer, offset, length);
        }

        public int ReceiveFrame(byte[] buffer, int offset, int timeoutMs)
        {
            return _inner.ReceiveFrame(buffer, offset, timeoutMs);
        }

        public void AttachSession(Session session)
        {
        }

        public void SendUtack(byte[] utack, int offset, int length)
        {
        }

        public void Close()
        {
            if (_inner != null)
            {
                _inner.Close();
            }
        }
    }
}
