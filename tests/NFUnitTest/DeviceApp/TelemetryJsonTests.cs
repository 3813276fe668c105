// TelemetryJson / JsonWriter: exact bytes of the reading documented in TelemetryJson.cs.
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
    public class TelemetryJsonTests
    {
        private static string Render(TelemetryReading reading, int offset)
        {
            byte[] buffer = new byte[offset + TelemetryJson.MaxLength];
            int length = new TelemetryJson().Write(ref reading, buffer, offset);
            return Encoding.UTF8.GetString(buffer, offset, length);
        }

        private static TelemetryReading Sample()
        {
            TelemetryReading r = new TelemetryReading();
            r.Seq = 7;
            r.UptimeSeconds = 3600;
            r.HeapFreeBytes = 123456;
            r.IntervalSeconds = 30;
            r.Reconnects = 2;
            return r;
        }

        [TestMethod]
        public void ReadingHasTheExactDocumentedForm()
        {
            Assert.AreEqual("{\"seq\":7,\"uptime_s\":3600,\"heap_free\":123456,\"interval_s\":30,\"reconnects\":2}", Render(Sample(), 0));
        }

        [TestMethod]
        public void WritesAtAnOffset()
        {
            Assert.AreEqual("{\"seq\":7,\"uptime_s\":3600,\"heap_free\":123456,\"interval_s\":30,\"reconnects\":2}", Render(Sample(), 5));
        }

        [TestMethod]
        public void UnknownHeapIsNullAndZeroIsZero()
        {
            TelemetryReading r = new TelemetryReading();
            r.HeapFreeBytes = -1;
            Assert.AreEqual("{\"seq\":0,\"uptime_s\":0,\"heap_free\":null,\"interval_s\":0,\"reconnects\":0}", Render(r, 0));
        }

        [TestMethod]
        public void WidestValuesFitMaxLength()
        {
            TelemetryReading r = new TelemetryReading();
            r.Seq = uint.MaxValue;
            r.UptimeSeconds = long.MaxValue;
            r.HeapFreeBytes = long.MaxValue;
            r.IntervalSeconds = int.MaxValue;
            r.Reconnects = int.MaxValue;
            Assert.AreEqual("{\"seq\":4294967295,\"uptime_s\":9223372036854775807,\"heap_free\":9223372036854775807,\"interval_s\":2147483647,\"reconnects\":2147483647}", Render(r, 0));
        }

        [TestMethod]
        public void NegativeNumbersIncludingMinValue()
        {
            byte[] buffer = new byte[64];
            JsonWriter w = new JsonWriter();
            w.Reset(buffer, 0, buffer.Length);
            w.BeginObject();
            w.Number("a", long.MinValue);
            w.Number("b", -5);
            w.EndObject();
            Assert.AreEqual("{\"a\":-9223372036854775808,\"b\":-5}", Encoding.UTF8.GetString(buffer, 0, w.Length));
        }

        [TestMethod]
        public void TooSmallBufferThrows()
        {
            TelemetryReading r = Sample();
            byte[] small = new byte[20];
            Assert.ThrowsException(typeof(ArgumentException), () => new TelemetryJson().Write(ref r, small, 0));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => new TelemetryJson().Write(ref r, small, 21));
        }

        [TestMethod]
        public void NamesWithQuotesAreRefused()
        {
            JsonWriter w = new JsonWriter();
            w.Reset(new byte[32], 0, 32);
            w.BeginObject();
            Assert.ThrowsException(typeof(ArgumentException), () => w.Number("a\"b", 1));
        }
    }
}
#endif
