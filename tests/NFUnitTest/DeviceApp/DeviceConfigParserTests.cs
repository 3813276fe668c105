// DeviceConfigParser: the I:\usmp.conf format documented in firmware/Usmp.DeviceApp/DeviceConfigParser.cs.
// Compiled on the device test build (NANOFRAMEWORK_1_0, with the app sources linked in
// NFUnitTest.nfproj) and on the host once tests/host/NFUnitTest.Host.csproj compiles the app's
// pure-logic files and defines USMP_DEVICEAPP_TESTS.
#if NANOFRAMEWORK_1_0 || USMP_DEVICEAPP_TESTS
using System;
using nanoFramework.TestFramework;
using TestFrameworkShared;
using Usmp.DeviceApp;

namespace NFUnitTest.DeviceApp
{
    [TestClass]
    public class DeviceConfigParserTests
    {
        private const string Full =
            "# comment\r\n" +
            "wifi_ssid = lab-net\r\n" +
            "wifi_password=secret pass\r\n" +
            "\r\n" +
            "gateway_host=gw.example.org\n" +
            "gateway_port=9443\n" +
            "transport=udp\n" +
            "psk_hex=000102030405060708090A0B0C0D0E0F1011\n" +
            "interval_s=60\n" +
            "keepalive_s=0\n";

        [TestMethod]
        public void FullFileParsesEveryKey()
        {
            DeviceConfig c = DeviceConfigParser.Parse(Full);
            Assert.AreEqual("lab-net", c.WifiSsid);
            Assert.AreEqual("secret pass", c.WifiPassword);
            Assert.AreEqual("gw.example.org", c.GatewayHost);
            Assert.AreEqual(9443, c.GatewayPort);
            Assert.IsTrue(c.Transport == GatewayTransport.Udp);
            Assert.AreEqual(60, c.TelemetryIntervalSeconds);
            Assert.AreEqual(0, c.KeepaliveSeconds);
            Assert.AreEqual(18, c.Psk.Length);
            Assert.AreEqual((byte)0x0A, c.Psk[10]);
            Assert.AreEqual((byte)0x11, c.Psk[17]);
            Assert.IsFalse(c.UsesDevelopmentDefaults);
        }

        [TestMethod]
        public void MissingOptionalKeysTakeDefaults()
        {
            DeviceConfig c = DeviceConfigParser.Parse("gateway_host=10.0.0.2\npsk=sixteen-bytes-ok");
            Assert.AreEqual(DeviceConfig.DefaultGatewayPort, c.GatewayPort);
            Assert.IsTrue(c.Transport == GatewayTransport.Tcp);
            Assert.AreEqual(DeviceConfig.DefaultTelemetryIntervalSeconds, c.TelemetryIntervalSeconds);
            Assert.AreEqual(DeviceConfig.DefaultKeepaliveSeconds, c.KeepaliveSeconds);
            Assert.IsNull(c.WifiSsid);
            Assert.IsFalse(c.UsesDevelopmentDefaults);
        }

        [TestMethod]
        public void MissingPskAndHostAreFlaggedDevelopmentDefaults()
        {
            DeviceConfig c = DeviceConfigParser.Parse("interval_s=5\n");
            Assert.IsTrue(c.UsesDevelopmentPsk);
            Assert.IsTrue(c.UsesDevelopmentGateway);
            Assert.AreEqual(DeviceConfig.DevelopmentGatewayHost, c.GatewayHost);
            CollectionAssert.AreEqual(DeviceConfigParser.TextToBytes(DeviceConfig.DevelopmentPskText), c.Psk);

            DeviceConfig onlyHost = DeviceConfigParser.Parse("gateway_host=10.0.0.2");
            Assert.IsTrue(onlyHost.UsesDevelopmentPsk);
            Assert.IsFalse(onlyHost.UsesDevelopmentGateway);
        }

        [TestMethod]
        public void HexAndTextPskGiveTheSameBytes()
        {
            // "0123456789abcdef" as text == its ASCII codes as hex
            DeviceConfig text = DeviceConfigParser.Parse("psk=0123456789abcdef");
            DeviceConfig hex = DeviceConfigParser.Parse("psk_hex=30313233343536373839616263646566");
            Assert.AreEqual(16, text.Psk.Length);
            CollectionAssert.AreEqual(text.Psk, hex.Psk);
        }

        [TestMethod]
        public void ShortPskIsRefused()
        {
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("psk=fifteen-bytes!"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("psk_hex=000102030405060708090a0b0c0d0e"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("psk="));
        }

        [TestMethod]
        public void ShortPskErrorDoesNotEchoTheKey()
        {
            try
            {
                DeviceConfigParser.Parse("psk=TOPSECRET-15byt");
                throw new AssertFailedException("no exception");
            }
            catch (DeviceConfigException ex)
            {
                Assert.IsFalse(ex.Message.IndexOf("TOPSECRET") >= 0);
                Assert.IsTrue(ex.Message.IndexOf("15 bytes") >= 0);
            }
        }

        [TestMethod]
        public void BadHexIsRefused()
        {
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("psk_hex=000102030405060708090a0b0c0d0e0f1")); // odd
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("psk_hex=000102030405060708090a0b0c0d0e0g")); // 'g'
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("psk_hex=00010203040506070809:a0b0c0d0e0f10"));
        }

        [TestMethod]
        public void HexDigitsOfEveryCaseDecodeAndNeighboursAreRefused()
        {
            CollectionAssert.AreEqual(new byte[] { 0x09, 0xAF, 0xAF, 0x00, 0xFF }, DeviceConfigParser.HexToBytes("09afAF00fF"));
            // the characters right next to each accepted range
            string[] bad = { "/0", "0:", "@0", "0G", "`0", "0g" };
            for (int i = 0; i < bad.Length; i++)
            {
                string hex = bad[i];
                Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.HexToBytes(hex));
            }
        }

        [TestMethod]
        public void StructuralErrorsAreRefused()
        {
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("pks=0123456789abcdef"));          // unknown key
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("interval_s=5\ninterval_s=6"));   // duplicate
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("psk=0123456789abcdef\npsk_hex=30313233343536373839616263646566"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("just a line"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("=value"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("wifi_password=x"));             // without ssid
        }

        [TestMethod]
        public void OutOfRangeValuesAreRefused()
        {
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("gateway_port=0"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("gateway_port=65536"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("gateway_port=-1"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("gateway_port=99999999999"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("interval_s=0"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("interval_s=86401"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("keepalive_s=3601"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("transport=TCP"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("gateway_host=bad host"));
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse("gateway_host="));
        }

        [TestMethod]
        public void BoundaryValuesAreAccepted()
        {
            DeviceConfig c = DeviceConfigParser.Parse("gateway_port=65535\ninterval_s=86400\nkeepalive_s=3600");
            Assert.AreEqual(65535, c.GatewayPort);
            Assert.AreEqual(86400, c.TelemetryIntervalSeconds);
            Assert.AreEqual(3600, c.KeepaliveSeconds);
            Assert.AreEqual(1, DeviceConfigParser.Parse("interval_s=1").TelemetryIntervalSeconds);
        }

        [TestMethod]
        public void Utf8BytesParseAndOversizeIsRefused()
        {
            byte[] file = DeviceConfigParser.TextToBytes("gateway_host=10.1.2.3\n");
            Assert.AreEqual("10.1.2.3", DeviceConfigParser.Parse(file, 0, file.Length).GatewayHost);
            byte[] big = new byte[DeviceConfigParser.MaxFileBytes + 1];
            Assert.ThrowsException(typeof(DeviceConfigException), () => DeviceConfigParser.Parse(big, 0, big.Length));
            Assert.ThrowsException(typeof(ArgumentNullException), () => DeviceConfigParser.Parse(null));
        }

        [TestMethod]
        public void WipeClearsThePsk()
        {
            DeviceConfig c = DeviceConfigParser.Parse("psk=0123456789abcdef");
            c.Wipe();
            for (int i = 0; i < c.Psk.Length; i++)
            {
                Assert.AreEqual((byte)0, c.Psk[i]);
            }
        }
    }
}
#endif
