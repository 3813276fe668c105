// The gateway's §8 duplicate rule, now test scaffolding (tests/Support/ServerDuplicateFilter.cs):
// a handshake frame whose type is <= the last handshake type received is acknowledged again with a
// plain UTACK and dropped; new handshake types and session frames pass.
using nanoFramework.TestFramework;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class ServerDuplicateFilterTests
    {
        [TestMethod]
        public void Usmp_s8_server_drops_handshake_type_not_above_the_last_and_acknowledges_it()
        {
            InMemoryDatagramLink device;
            InMemoryDatagramLink gatewayEnd;
            InMemoryDatagramLink.CreatePair(out device, out gatewayEnd);
            var filter = new ServerDuplicateFilter(gatewayEnd, new SystemClock());
            device.Open();
            filter.Open();
            byte[] buffer = new byte[UsmpConstants.MaxFrame];

            SendPlain(device, PacketType.Hello, 1);
            Assert.AreEqual(UsmpConstants.HeaderSize, filter.Receive(buffer, 0, buffer.Length, 100), "first HELLO passes");
            SendPlain(device, PacketType.HelloAck, 2);
            Assert.AreEqual(UsmpConstants.HeaderSize, filter.Receive(buffer, 0, buffer.Length, 100), "HELLO_ACK (type above HELLO) passes");

            SendPlain(device, PacketType.Hello, 1);   // a late retransmission of HELLO: 0x01 <= 0x03
            Assert.AreEqual(0, filter.Receive(buffer, 0, buffer.Length, 50), "the duplicate is dropped");
            Assert.AreEqual(1, filter.DuplicatesDropped);
            int n = device.Receive(buffer, 0, buffer.Length, 100);
            Assert.AreEqual(Utack.PlainSize, n, "acknowledged again with a plain UTACK");
            Assert.IsTrue(Utack.Matches(buffer, 0, n, (byte)PacketType.Hello, 1, null));

            SendPlain(device, PacketType.Data, 0);    // not a handshake type: never filtered
            Assert.AreEqual(UsmpConstants.HeaderSize, filter.Receive(buffer, 0, buffer.Length, 100));
        }

        // A frame with an empty payload is enough here: the filter reads the size rules, type and seq only.
        private static void SendPlain(InMemoryDatagramLink link, PacketType type, uint seq)
        {
            byte[] frame = new byte[UsmpConstants.HeaderSize];
            FrameHeader.WritePlain(frame, 0, type, seq, frame, 0, 0);
            link.Send(frame, 0, frame.Length);
        }
    }
}
