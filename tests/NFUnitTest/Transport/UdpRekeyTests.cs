// The real client (UsmpClient over UdpTransport) against the in-memory UDP test gateway over a
// lossy in-memory link (InMemoryDatagramLink), for issue 10: a REKEY started by either side
// survives the loss of its UTACK (the retransmitted REKEY is acknowledged again under the keys it
// was sealed with), forged frames are never acknowledged (authenticate, then acknowledge), and a
// session with REKEYs both ways over loss, duplication and reordering delivers every message
// exactly once, in order.
using System.Text;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;

namespace NFUnitTest
{
    [TestClass]
    public class UdpRekeyTests
    {
        private static readonly byte[] s_rekeyUtack = new byte[] { 0xAC, 0xAC, 0x0B };

        private static UsmpClient Connect(IDatagramLink clientLink)
        {
            UsmpClientOptions options = UdpTestGateway.TranscriptClientOptions();
            UsmpClient client = new UsmpClient(options, new UdpTransport(clientLink, new SystemClock()));
            client.Connect();
            return client;
        }

        private static byte[] MessageFor(int index)
        {
            byte[] message = new byte[(index * 97) % 1100];
            for (int i = 0; i < message.Length; i++)
            {
                message[i] = (byte)(index * 13 + i);
            }
            return message;
        }

        private static void Echo(UsmpClient client, byte[] message)
        {
            byte[] received = new byte[UsmpConstants.MaxMessageSize];
            client.Send(message);
            int length;
            Assert.IsTrue(client.TryReceive(received, 0, 10000, out length), "echo of " + message.Length.ToString() + " B");
            CollectionAssert.AreEqual(message, TestHex.Slice(received, 0, length));
        }

        private static void Finish(UsmpClient client, UdpTestGateway gateway, int messages)
        {
            client.Close();
            gateway.StopAndJoin();
            Assert.IsNull(gateway.Error, gateway.Error);
            Assert.AreEqual(messages, gateway.Received.Count, "every message exactly once at the gateway");
        }

        // After the REKEY: messages 2-5 still echo both ways under the new keys, then close.
        private static void EchoAfterRekeyAndFinish(UsmpClient client, UdpTestGateway gateway, int messagesAtGateway)
        {
            for (int i = 2; i < 6; i++)
            {
                Echo(client, MessageFor(i));
            }
            Finish(client, gateway, messagesAtGateway);
        }

        [TestMethod]
        public void A_client_REKEY_survives_the_loss_of_its_UTACK()
        {
            InMemoryDatagramLink clientLink;
            InMemoryDatagramLink gatewayLink;
            UdpTestGateway gateway = UdpTestGateway.StartOnNewLink(out clientLink, out gatewayLink);
            UsmpClient client = Connect(clientLink);
            Echo(client, MessageFor(1));
            gatewayLink.DropFirstStartingWith(s_rekeyUtack);
            int sentBefore = clientLink.Sent;
            client.Rekey();
            Assert.AreEqual(1, gatewayLink.ScriptedDrops, "the gateway's UTACK for the REKEY was lost");
            Assert.AreEqual(sentBefore + 2, clientLink.Sent, "the REKEY went out twice; the second copy was acknowledged again");
            Assert.AreEqual(1u, client.SessionForTests.TxEpoch);
            EchoAfterRekeyAndFinish(client, gateway, 5);
        }

        [TestMethod]
        public void A_gateway_REKEY_survives_the_loss_of_the_clients_UTACK()
        {
            InMemoryDatagramLink clientLink;
            InMemoryDatagramLink gatewayLink;
            UdpTestGateway gateway = UdpTestGateway.StartOnNewLink(out clientLink, out gatewayLink);
            UsmpClient client = Connect(clientLink);
            Echo(client, MessageFor(1));
            clientLink.DropFirstStartingWith(s_rekeyUtack);
            Echo(client, Encoding.UTF8.GetBytes("rekey please"));
            Assert.AreEqual(1, gateway.Rekeys);
            Assert.AreEqual(1, clientLink.ScriptedDrops, "the client's UTACK for the REKEY was lost");
            Assert.AreEqual(1u, client.SessionForTests.TxEpoch, "the client followed the REKEY");
            EchoAfterRekeyAndFinish(client, gateway, 6);
        }

        [TestMethod]
        public void Forged_frames_from_the_gateway_side_are_never_acknowledged()
        {
            InMemoryDatagramLink clientLink;
            InMemoryDatagramLink gatewayLink;
            UdpTestGateway gateway = UdpTestGateway.StartOnNewLink(out clientLink, out gatewayLink);
            gateway.ForgeAhead = true;
            RecordingDatagramLink recording = new RecordingDatagramLink(clientLink, UdpTestGateway.ForgedSeqBase);
            UsmpClient client = Connect(recording);
            for (int i = 0; i < 8; i++)
            {
                Echo(client, i == 4 ? Encoding.UTF8.GetBytes("rekey now") : MessageFor(i));
            }
            Assert.AreEqual(8, gateway.Forged);
            Assert.AreEqual(0, recording.SuspectUtacksSent, "a receipt for a forged frame");
            Assert.IsTrue(recording.UtacksSent >= 8, "the genuine echoes were acknowledged");
            Finish(client, gateway, 8);
        }

        [TestMethod]
        [DataRow(2024u)]
        [DataRow(7u)]
        [DataRow(0xC0FFEEu)]
        public void Rekeys_both_ways_over_a_lossy_link_deliver_every_message_exactly_once(uint seed)
        {
            InMemoryDatagramLink clientLink;
            InMemoryDatagramLink gatewayLink;
            UdpTestGateway gateway = UdpTestGateway.StartOnNewLink(out clientLink, out gatewayLink);
            clientLink.Seed(seed);
            gatewayLink.Seed(seed ^ 0xA5A5);
            UsmpClient client = Connect(clientLink);
            InMemoryDatagramLink[] links = new InMemoryDatagramLink[] { clientLink, gatewayLink };
            for (int l = 0; l < links.Length; l++)
            {
                links[l].LossPercent = 10;
                links[l].DuplicatePercent = 10;
                links[l].ReorderPercent = 10;
            }
            const int Messages = 18;
            for (int i = 0; i < Messages; i++)
            {
                if (i % 6 == 2)
                {
                    client.Rekey();
                }
                Echo(client, i % 6 == 4 ? Encoding.UTF8.GetBytes("rekey " + i.ToString()) : MessageFor(i));
            }
            Assert.AreEqual(3, gateway.Rekeys);
            Assert.AreEqual(6u, client.SessionForTests.TxEpoch, "three REKEYs each way");
            Assert.AreEqual(0, client.Receive(new byte[UsmpConstants.MaxMessageSize], 0, 300), "no duplicate message surfaces");
            Finish(client, gateway, Messages);
            for (int i = 0; i < Messages; i++)
            {
                byte[] expected = i % 6 == 4 ? Encoding.UTF8.GetBytes("rekey " + i.ToString()) : MessageFor(i);
                CollectionAssert.AreEqual(expected, (byte[])gateway.Received[i], "gateway message " + i.ToString());
            }
            Assert.IsTrue(clientLink.Dropped + gatewayLink.Dropped > 0 && clientLink.Duplicated + gatewayLink.Duplicated > 0 && clientLink.Reordered + gatewayLink.Reordered > 0, "the link did impair");
        }
    }
}
