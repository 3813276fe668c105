// The device's life after Wi-Fi is up: connect -> (send a reading every interval, answer gateway
// commands, keep the session alive) -> on ANY failure log the reason, close, wait a backoff
// delay, reconnect. Forever (Run); RunCycle is one connect-and-serve round for tests.
//
// Timing: the first reading goes out right after each connect, then every IntervalSeconds.
// Between readings the loop waits in TryReceive for at most ReceiveSliceMs so KeepaliveTick runs
// at least once a second. Reconnects follow the client library's one policy, ReconnectPolicy
// (capped exponential backoff, equal jitter, reset after every successful connect), through its
// step API: this loop never gives up, and between attempts it re-checks Wi-Fi and logs.
// Logging: one line per event with the exception's type and message, never a stack trace and
// never key material.
// Buffers: one receive buffer (a whole USMP message) and one reply/reading buffer, allocated
// once; a reading allocates nothing (TelemetryJson). Log lines do allocate strings, but only on
// events (connect, failure, command), not per reading.
using System;

namespace Usmp.DeviceApp
{
    public sealed class DeviceLoop
    {
        public const int ReceiveSliceMs = 1000;
        public const int DevelopmentWarningEveryReadings = 10;

        private readonly IGatewayConnection _link;
        private readonly IDevicePlatform _platform;
        private readonly IClock _clock;
        private readonly IDeviceLog _log;
        private readonly ReconnectPolicy _reconnect;
        private readonly bool _developmentDefaults;
        private readonly TelemetryJson _json = new TelemetryJson();
        private readonly byte[] _receive = new byte[UsmpConstants.MaxMessageSize];
        private readonly byte[] _send = new byte[TelemetryJson.MaxLength];
        private readonly long _bootMillis;
        private int _intervalSeconds;
        private uint _readings;
        private int _sessions;
        private long _nextReadingAt;
        private bool _stopRequested;
        private bool _rebootRequested;

        public DeviceLoop(IGatewayConnection link, IDevicePlatform platform, IClock clock, IDeviceLog log,
            ReconnectPolicy reconnect, int intervalSeconds, bool developmentDefaults)
        {
            if (link == null || platform == null || clock == null || log == null || reconnect == null)
            {
                throw new ArgumentNullException(link == null ? "link" : platform == null ? "platform"
                    : clock == null ? "clock" : log == null ? "log" : "reconnect");
            }
            if (intervalSeconds < DeviceConfig.MinTelemetryIntervalSeconds || intervalSeconds > DeviceConfig.MaxTelemetryIntervalSeconds)
            {
                throw new ArgumentOutOfRangeException("intervalSeconds");
            }
            _link = link;
            _platform = platform;
            _clock = clock;
            _log = log;
            _reconnect = reconnect;
            _intervalSeconds = intervalSeconds;
            _developmentDefaults = developmentDefaults;
            _bootMillis = clock.NowMilliseconds;
        }

        public int IntervalSeconds { get { return _intervalSeconds; } }

        public uint ReadingsSent { get { return _readings; } }

        // Sessions established since the loop started.
        public int Sessions { get { return _sessions; } }

        // Makes Run/RunCycle return at the next step (tests, orderly shutdown).
        public void Stop()
        {
            _stopRequested = true;
        }

        public void Run()
        {
            while (!_stopRequested)
            {
                RunCycle();
            }
        }

        // One connect attempt; when it succeeds, serve until the session ends. Then the backoff
        // wait (after a failure or a lost session). Never throws.
        public void RunCycle()
        {
            if (Connect())
            {
                Serve();
            }
            if (_rebootRequested)
            {
                _log.Write("rebooting on the gateway's request");
                _platform.Reboot();
                return;
            }
            if (!_stopRequested)
            {
                int delay = _reconnect.NextDelayMs();
                _log.Write("reconnecting in " + delay + " ms (attempt " + _reconnect.Backoff.Attempts + ")");
                _platform.Sleep(delay);
            }
        }

        // ---- connect ----

        private bool Connect()
        {
            if (_developmentDefaults)
            {
                DevelopmentWarning.Write(_log);
            }
            if (!_platform.EnsureNetwork())
            {
                _log.Write("no network (Wi-Fi down); not connecting");
                return false;
            }
            try
            {
                _link.Connect();
            }
            catch (Exception ex)
            {
                _log.Write("connect failed: " + Describe(ex));
                _link.Close();
                return false;
            }
            _reconnect.Succeeded();
            _sessions++;
            _nextReadingAt = _clock.NowMilliseconds;
            _log.Write("session established (#" + _sessions + ")");
            return true;
        }

        // ---- serve ----

        private void Serve()
        {
            try
            {
                while (!_stopRequested && !_rebootRequested && _link.IsConnected)
                {
                    Step();
                }
                if (!_rebootRequested && !_stopRequested)
                {
                    _log.Write("session ended");
                }
            }
            catch (Exception ex)
            {
                _log.Write("session failed: " + Describe(ex));
            }
            _link.Close();
        }

        private void Step()
        {
            long now = _clock.NowMilliseconds;
            if (now >= _nextReadingAt)
            {
                SendReading();
                _nextReadingAt = now + (long)_intervalSeconds * 1000;
            }
            long untilReading = _nextReadingAt - _clock.NowMilliseconds;
            int wait = untilReading < ReceiveSliceMs ? (untilReading > 0 ? (int)untilReading : 0) : ReceiveSliceMs;
            int length;
            if (_link.TryReceive(_receive, 0, wait, out length))
            {
                HandleCommand(length);
            }
            _link.KeepaliveTick();
        }

        private void SendReading()
        {
            _readings++;
            TelemetryReading reading = new TelemetryReading();
            reading.Seq = _readings;
            reading.UptimeSeconds = (_clock.NowMilliseconds - _bootMillis) / 1000;
            reading.HeapFreeBytes = _platform.FreeHeapBytes();
            reading.IntervalSeconds = _intervalSeconds;
            reading.Reconnects = _sessions > 0 ? _sessions - 1 : 0;
            int length = _json.Write(ref reading, _send, 0);
            _link.Send(_send, 0, length);
            if (_developmentDefaults && _readings % DevelopmentWarningEveryReadings == 0)
            {
                DevelopmentWarning.Write(_log);
            }
        }

        // ---- commands (DownlinkCommands documents the set) ----

        private void HandleCommand(int length)
        {
            DownlinkCommand command = DownlinkCommands.Parse(_receive, 0, length);
            switch (command.Kind)
            {
                case DownlinkCommandKind.Status:
                    _log.Write("command: status");
                    SendReading();
                    return;
                case DownlinkCommandKind.SetInterval:
                    _intervalSeconds = command.IntervalSeconds;
                    _nextReadingAt = _clock.NowMilliseconds + (long)_intervalSeconds * 1000;
                    _log.Write("command: interval=" + _intervalSeconds);
                    break;
                case DownlinkCommandKind.Rekey:
                    _log.Write("command: rekey");
                    _link.Rekey();
                    break;
                case DownlinkCommandKind.Reboot:
                    _log.Write("command: reboot");
                    _rebootRequested = true;
                    break;
                case DownlinkCommandKind.Invalid:
                    _log.Write("command refused (" + length + " bytes)");
                    break;
            }
            Reply(ref command);
        }

        private void Reply(ref DownlinkCommand command)
        {
            int length = DownlinkCommands.WriteReply(ref command, _send, 0);
            if (length > 0)
            {
                _link.Send(_send, 0, length);
            }
        }

        // "Usmp.ConnectionClosedException: connection closed by the peer" - the reason, no stack.
        internal static string Describe(Exception ex)
        {
            return ex.GetType().FullName + ": " + ex.Message;
        }
    }

    // The loud banner printed whenever a public development default is in use.
    public static class DevelopmentWarning
    {
        public const string Line = "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!";

        public static void Write(IDeviceLog log)
        {
            log.Write(Line);
            log.Write("!!! WARNING: DEVELOPMENT DEFAULTS IN USE (public PSK and/or gateway).   !!!");
            log.Write("!!! Anyone can impersonate this device or its gateway. Provision       !!!");
            log.Write("!!! I:\\usmp.conf with psk/psk_hex and gateway_host before production. !!!");
            log.Write(Line);
        }
    }
}
