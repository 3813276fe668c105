// DeviceLoop over scripted fakes (FakeGatewayConnection, FakePlatform, ManualClock): the schedule,
// the command handling, the reconnect/backoff path and the development warning.
// Compiled on the device test build (NANOFRAMEWORK_1_0, with the app sources linked in
// NFUnitTest.nfproj) and on the host once tests/host/NFUnitTest.Host.csproj compiles the app's
// pure-logic files and defines USMP_DEVICEAPP_TESTS.
#if NANOFRAMEWORK_1_0 || USMP_DEVICEAPP_TESTS
using System;
using System.Collections;
using System.Text;
using nanoFramework.TestFramework;
using Usmp;
using Usmp.DeviceApp;

namespace NFUnitTest.DeviceApp
{
    [TestClass]
    public class DeviceLoopTests
    {
        private static FakeGatewayConnection s_link;
        private static FakePlatform s_platform;
        private static ManualClock s_clock;
        private static RecordingLog s_log;

        private static DeviceLoop NewLoop(int interval, bool developmentDefaults)
        {
            s_clock = new ManualClock();
            s_link = new FakeGatewayConnection(s_clock);
            s_platform = new FakePlatform(s_clock);
            s_log = new RecordingLog();
            UsmpClientOptions options = new UsmpClientOptions();
            options.ReconnectBaseDelayMs = 1000;
            options.ReconnectMaxDelayMs = 8000;
            options.Random = new FixedRandom();
            return new DeviceLoop(s_link, s_platform, s_clock, s_log, new ReconnectPolicy(options), interval, developmentDefaults);
        }

        [TestMethod]
        public void FirstReadingRightAfterConnectThenEveryInterval()
        {
            DeviceLoop loop = NewLoop(10, false);
            s_link.SessionLengthMs = 25000;     // the gateway drops the session after 25 s
            loop.RunCycle();
            Assert.AreEqual(1, loop.Sessions);
            Assert.AreEqual(3, s_link.Sent.Count);   // t = 0, 10, 20 s
            Assert.AreEqual("{\"seq\":1,\"uptime_s\":0,\"heap_free\":50000,\"interval_s\":10,\"reconnects\":0}", (string)s_link.Sent[0]);
            Assert.AreEqual("{\"seq\":3,\"uptime_s\":20,\"heap_free\":50000,\"interval_s\":10,\"reconnects\":0}", (string)s_link.Sent[2]);
            Assert.IsTrue(s_log.Contains("session failed: Usmp.ConnectionClosedException"));
            Assert.AreEqual(1, s_link.Closes);
            // backoff after the lost session: [500, 1000] ms with base 1000 (equal jitter, attempt 0)
            Assert.AreEqual(1, s_platform.Sleeps.Count);
            int delay = (int)s_platform.Sleeps[0];
            Assert.IsTrue(delay >= 500 && delay <= 1000);
        }

        [TestMethod]
        public void CommandsAreAnsweredAndApplied()
        {
            DeviceLoop loop = NewLoop(30, false);
            s_link.Inbound.Add("ping");
            s_link.Inbound.Add("interval=5");
            s_link.Inbound.Add("status");
            s_link.Inbound.Add("rekey");
            s_link.Inbound.Add("bogus");
            s_link.SessionLengthMs = 1;         // end once the script is consumed
            loop.RunCycle();
            Assert.AreEqual("pong", (string)s_link.Sent[1]);
            Assert.AreEqual("ok interval=5", (string)s_link.Sent[2]);
            Assert.IsTrue(((string)s_link.Sent[3]).IndexOf("\"interval_s\":5") > 0);   // status -> a reading
            Assert.AreEqual("ok rekey", (string)s_link.Sent[4]);
            Assert.AreEqual("err unknown command", (string)s_link.Sent[5]);
            Assert.AreEqual(1, s_link.Rekeys);
            Assert.AreEqual(5, loop.IntervalSeconds);
        }

        [TestMethod]
        public void RebootRepliesClosesThenReboots()
        {
            DeviceLoop loop = NewLoop(30, false);
            s_link.Inbound.Add("reboot");
            loop.RunCycle();
            Assert.AreEqual("ok reboot", (string)s_link.Sent[s_link.Sent.Count - 1]);
            Assert.AreEqual(1, s_link.Closes);
            Assert.AreEqual(1, s_platform.Reboots);
            Assert.AreEqual(0, s_platform.Sleeps.Count);
        }

        [TestMethod]
        public void ConnectFailuresBackOffExponentiallyAndResetAfterSuccess()
        {
            DeviceLoop loop = NewLoop(30, false);
            s_link.FailConnects = 3;
            loop.RunCycle();
            loop.RunCycle();
            loop.RunCycle();
            Assert.AreEqual(0, loop.Sessions);
            Assert.IsTrue(s_log.Contains("connect failed: Usmp.UsmpTimeoutException: handshake timed out"));
            // ceilings 1000, 2000, 4000 -> delays in [c/2, c]
            Assert.IsTrue((int)s_platform.Sleeps[0] >= 500 && (int)s_platform.Sleeps[0] <= 1000);
            Assert.IsTrue((int)s_platform.Sleeps[1] >= 1000 && (int)s_platform.Sleeps[1] <= 2000);
            Assert.IsTrue((int)s_platform.Sleeps[2] >= 2000 && (int)s_platform.Sleeps[2] <= 4000);
            s_link.SessionLengthMs = 1;
            loop.RunCycle();
            Assert.AreEqual(1, loop.Sessions);
            Assert.IsTrue((int)s_platform.Sleeps[3] <= 1000);    // reset by the success
        }

        [TestMethod]
        public void NoNetworkMeansNoConnectAttempt()
        {
            DeviceLoop loop = NewLoop(30, false);
            s_platform.NetworkUp = false;
            loop.RunCycle();
            Assert.AreEqual(0, s_link.Connects);
            Assert.IsTrue(s_log.Contains("no network"));
            Assert.AreEqual(1, s_platform.Sleeps.Count);
        }

        [TestMethod]
        public void DevelopmentDefaultsWarnBeforeEveryConnect()
        {
            DeviceLoop loop = NewLoop(30, true);
            s_link.FailConnects = 2;
            loop.RunCycle();
            loop.RunCycle();
            Assert.AreEqual(2, s_log.Count("DEVELOPMENT DEFAULTS"));
            DeviceLoop quiet = NewLoop(30, false);
            s_link.FailConnects = 1;
            quiet.RunCycle();
            Assert.AreEqual(0, s_log.Count("DEVELOPMENT DEFAULTS"));
        }

        [TestMethod]
        public void KeepaliveIsTickedWhileIdle()
        {
            DeviceLoop loop = NewLoop(30, false);
            s_link.SessionLengthMs = 5000;
            loop.RunCycle();
            Assert.IsTrue(s_link.KeepaliveTicks >= 5);     // at least once per 1 s receive slice
        }

        // ---- fakes ----

        private sealed class FixedRandom : IRandomSource
        {
            public void GetBytes(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++)
                {
                    buffer[offset + i] = 0x5A;
                }
            }
        }

        private sealed class RecordingLog : IDeviceLog
        {
            public readonly ArrayList Lines = new ArrayList();

            public void Write(string line)
            {
                Lines.Add(line);
            }

            public bool Contains(string part)
            {
                return Count(part) > 0;
            }

            public int Count(string part)
            {
                int n = 0;
                foreach (string line in Lines)
                {
                    if (line.IndexOf(part) >= 0)
                    {
                        n++;
                    }
                }
                return n;
            }
        }

        private sealed class FakePlatform : IDevicePlatform
        {
            private readonly ManualClock _clock;
            public readonly ArrayList Sleeps = new ArrayList();
            public bool NetworkUp = true;
            public int Reboots;

            public FakePlatform(ManualClock clock)
            {
                _clock = clock;
            }

            public long FreeHeapBytes() { return 50000; }

            public bool EnsureNetwork() { return NetworkUp; }

            public void Sleep(int milliseconds)
            {
                Sleeps.Add(milliseconds);
                _clock.Now += milliseconds;
            }

            public void Reboot() { Reboots++; }
        }

        // Inbound: text messages delivered one per TryReceive; with none left, TryReceive lets the
        // requested time pass. The session "drops" (ConnectionClosedException) once it has lasted
        // SessionLengthMs after the script is consumed.
        private sealed class FakeGatewayConnection : IGatewayConnection
        {
            private readonly ManualClock _clock;
            private bool _connected;
            private long _connectedAt;
            public readonly ArrayList Inbound = new ArrayList();
            public readonly ArrayList Sent = new ArrayList();
            public long SessionLengthMs = 1;
            public int FailConnects;
            public int Connects;
            public int Closes;
            public int Rekeys;
            public int KeepaliveTicks;

            public FakeGatewayConnection(ManualClock clock)
            {
                _clock = clock;
            }

            public bool IsConnected { get { return _connected; } }

            public void Connect()
            {
                Connects++;
                if (FailConnects > 0)
                {
                    FailConnects--;
                    throw new UsmpTimeoutException("handshake timed out");
                }
                _connected = true;
                _connectedAt = _clock.Now;
            }

            public void Send(byte[] data, int offset, int count)
            {
                Sent.Add(Encoding.UTF8.GetString(data, offset, count));
            }

            public bool TryReceive(byte[] buffer, int offset, int timeoutMs, out int length)
            {
                length = 0;
                if (Inbound.Count > 0)
                {
                    byte[] message = Encoding.UTF8.GetBytes((string)Inbound[0]);
                    Inbound.RemoveAt(0);
                    Array.Copy(message, 0, buffer, offset, message.Length);
                    length = message.Length;
                    return true;
                }
                if (_clock.Now - _connectedAt >= SessionLengthMs)
                {
                    _connected = false;
                    throw new ConnectionClosedException("connection closed by the peer");
                }
                _clock.Now += timeoutMs > 0 ? timeoutMs : 1;
                return false;
            }

            public void Rekey() { Rekeys++; }

            public bool KeepaliveTick()
            {
                KeepaliveTicks++;
                return false;
            }

            public void Close()
            {
                Closes++;
                _connected = false;
            }
        }
    }
}
#endif
