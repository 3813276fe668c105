// The device app's UsmpGatewayConnection shows the client's diagnostics in the device log: the
// connected line from the client's log hook, and one stats line with the counters when the
// session's client is let go; nothing at LogLevel None.
#if NANOFRAMEWORK_1_0 || USMP_DEVICEAPP_TESTS
using System.Collections;
using nanoFramework.TestFramework;
using NFUnitTest.Vectors;
using Usmp;
using Usmp.DeviceApp;

namespace NFUnitTest
{
    [TestClass]
    public class UsmpGatewayConnectionTests
    {
        [TestMethod]
        public void Link_logs_connected_and_the_session_counters_on_close()
        {
            LineLog log = new LineLog();
            UsmpGatewayConnection link = new UsmpGatewayConnection(Options(), new TranscriptFactory());
            link.Log = log;
            link.Connect();
            link.Send(new byte[3], 0, 3);
            Assert.AreEqual(1L, link.Counters.MessagesSent);
            link.Close();
            Assert.IsNull(link.Counters, "no client after Close");
            Assert.IsTrue(log.Has("usmp: connected over tcp, session " + HandshakeTranscript.SessionId), "connected line");
            Assert.IsTrue(log.Has("usmp: session closed: closed by the device"), "closed line");
            Assert.IsTrue(log.Has("usmp stats: sent 1 msgs/2 frames/83 B, received 0 msgs/0 frames/0 B, retransmissions 0, dropped 0"), "stats line: the message and the BYE");
        }

        [TestMethod]
        public void Link_logs_nothing_at_level_none()
        {
            LineLog log = new LineLog();
            UsmpGatewayConnection link = new UsmpGatewayConnection(Options(), new TranscriptFactory());
            link.Log = log;
            link.LogLevel = UsmpLogLevel.None;
            link.Connect();
            link.Close();
            Assert.AreEqual(0, log.Lines.Count);
        }

        private static UsmpClientOptions Options()
        {
            UsmpClientOptions options = new UsmpClientOptions();
            options.Psk = TestHex.Decode(HandshakeTranscript.Psk);
            options.DeviceId = TestHex.Decode(HandshakeTranscript.DeviceId);
            options.Random = new FixedRandomSource(new byte[] { 0x5A });
            options.EphemeralPrivateKeyForTests = TestHex.Decode(HandshakeTranscript.ClientPrivate);
            return options;
        }

        private sealed class TranscriptFactory : ITransportFactory
        {
            public IFrameTransport Create()
            {
                return new ReopeningTransport();
            }
        }

        private sealed class LineLog : IDeviceLog
        {
            public readonly ArrayList Lines = new ArrayList();

            public void Write(string line)
            {
                Lines.Add(line);
            }

            public bool Has(string prefix)
            {
                for (int i = 0; i < Lines.Count; i++)
                {
                    if (((string)Lines[i]).IndexOf(prefix) == 0)
                    {
                        return true;
                    }
                }
                return false;
            }
        }
    }
}
#endif
