// DownlinkCommands: the command set and replies documented in DownlinkCommands.cs.
// Compiled on the device test build (NANOFRAMEWORK_1_0, with the app sources linked in
// NFUnitTest.nfproj) and on the host once tests/host/NFUnitTest.Host.csproj compiles the app's
// pure-logic files and defines USMP_DEVICEAPP_TESTS.
#if NANOFRAMEWORK_1_0 || USMP_DEVICEAPP_TESTS
using System;
using System.Text;
using nanoFramework.TestFramework;
using Usmp.DeviceApp;

namespace NFUnitTest.DeviceApp
{
    [TestClass]
    public class DownlinkCommandsTests
    {
        private static DownlinkCommand Parse(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            return DownlinkCommands.Parse(bytes, 0, bytes.Length);
        }

        private static string Reply(string text)
        {
            DownlinkCommand command = Parse(text);
            byte[] buffer = new byte[DownlinkCommands.MaxReplyLength];
            int length = DownlinkCommands.WriteReply(ref command, buffer, 0);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }

        [TestMethod]
        public void EachCommandParses()
        {
            Assert.IsTrue(Parse("ping").Kind == DownlinkCommandKind.Ping);
            Assert.IsTrue(Parse("status").Kind == DownlinkCommandKind.Status);
            Assert.IsTrue(Parse("rekey").Kind == DownlinkCommandKind.Rekey);
            Assert.IsTrue(Parse("reboot").Kind == DownlinkCommandKind.Reboot);
            DownlinkCommand interval = Parse("interval=45");
            Assert.IsTrue(interval.Kind == DownlinkCommandKind.SetInterval);
            Assert.AreEqual(45, interval.IntervalSeconds);
        }

        [TestMethod]
        public void SurroundingWhitespaceIsIgnored()
        {
            Assert.IsTrue(Parse(" \tping\r\n").Kind == DownlinkCommandKind.Ping);
            Assert.AreEqual(7, Parse("interval=7\n").IntervalSeconds);
        }

        [TestMethod]
        public void ParsesInPlaceAtAnOffset()
        {
            byte[] bytes = Encoding.UTF8.GetBytes("xxrekeyyy");
            Assert.IsTrue(DownlinkCommands.Parse(bytes, 2, 5).Kind == DownlinkCommandKind.Rekey);
            Assert.IsTrue(DownlinkCommands.Parse(bytes, 2, 6).Kind == DownlinkCommandKind.Invalid);
        }

        [TestMethod]
        public void UnknownAndMalformedAreInvalidWithAReason()
        {
            Assert.IsTrue(Parse("PING").Error == DownlinkCommandError.Unknown);
            Assert.IsTrue(Parse("pingx").Error == DownlinkCommandError.Unknown);
            Assert.IsTrue(Parse("interval=").Error == DownlinkCommandError.Unknown);
            Assert.IsTrue(Parse("").Error == DownlinkCommandError.Empty);
            Assert.IsTrue(Parse(" \r\n").Error == DownlinkCommandError.Empty);
            Assert.IsTrue(Parse(new string('a', DownlinkCommands.MaxCommandLength + 1)).Error == DownlinkCommandError.TooLong);
            Assert.IsTrue(Parse(new string('a', DownlinkCommands.MaxCommandLength)).Error == DownlinkCommandError.Unknown);
        }

        [TestMethod]
        public void IntervalBoundsAreEnforced()
        {
            Assert.AreEqual(1, Parse("interval=1").IntervalSeconds);
            Assert.AreEqual(86400, Parse("interval=86400").IntervalSeconds);
            Assert.IsTrue(Parse("interval=0").Error == DownlinkCommandError.BadInterval);
            Assert.IsTrue(Parse("interval=86401").Error == DownlinkCommandError.BadInterval);
            Assert.IsTrue(Parse("interval=-5").Error == DownlinkCommandError.BadInterval);
            Assert.IsTrue(Parse("interval=1x").Error == DownlinkCommandError.BadInterval);
            Assert.IsTrue(Parse("interval=999999").Error == DownlinkCommandError.BadInterval);
        }

        [TestMethod]
        public void RepliesAreTheDocumentedText()
        {
            Assert.AreEqual("pong", Reply("ping"));
            Assert.AreEqual("ok rekey", Reply("rekey"));
            Assert.AreEqual("ok reboot", Reply("reboot"));
            Assert.AreEqual("ok interval=86400", Reply("interval=86400"));
            Assert.AreEqual("ok interval=9", Reply("interval=9"));
            Assert.AreEqual("", Reply("status"));
            Assert.AreEqual("err unknown command", Reply("fly"));
            Assert.AreEqual("err empty command", Reply(""));
            Assert.AreEqual("err interval must be 1..86400", Reply("interval=0"));
            Assert.AreEqual("err command too long", Reply(new string('z', 65)));
        }

        [TestMethod]
        public void BadArgumentsThrow()
        {
            Assert.ThrowsException(typeof(ArgumentNullException), () => DownlinkCommands.Parse(null, 0, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => DownlinkCommands.Parse(new byte[4], 2, 3));
        }
    }
}
#endif
