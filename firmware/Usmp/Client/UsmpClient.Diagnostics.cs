// What a UsmpClient reports while it works (issue 13): events, counters and a log hook, the
// managed counterpart of the reference's usmp_set_log_level / usmp_port_log.
//
//   client.LogLevel = UsmpLogLevel.Info;                       // usmp_set_log_level(USMP_LOG_LEVEL_INFO)
//   client.LogHandler = (level, tag, message) => Debug.WriteLine(message);
//   client.Connected += (c, id, udp, ms) => ...;               // also Rekeyed, Retransmitted, FrameDropped, Closed
//   long lost = client.Counters.FramesDropped;                 // any time, no allocation
//
// No allocation on the frame path: events pass plain values, counters are fields, and a log
// message is built only when its level is enabled AND a handler is set (IsLogEnabled).
using System;

namespace Usmp
{
    public sealed partial class UsmpClient : ITransportObserver
    {
        private static readonly string LogTag = "usmp";
        private readonly UsmpCounters _counters = new UsmpCounters();
        private UsmpLogLevel _logLevel = UsmpLogLevel.Info;

        public event UsmpConnectedHandler Connected;
        public event UsmpRekeyedHandler Rekeyed;
        public event UsmpRetransmittedHandler Retransmitted;
        public event UsmpFrameDroppedHandler FrameDropped;
        public event UsmpClosedHandler Closed;

        /// <summary>Running totals since this client was created (the same object for its lifetime).</summary>
        public UsmpCounters Counters { get { return _counters; } }

        /// <summary>usmp_set_log_level / usmp_get_log_level: messages above this level are not even built. Default Info.</summary>
        public UsmpLogLevel LogLevel
        {
            get { return _logLevel; }
            set { _logLevel = value; }
        }

        /// <summary>usmp_port_log: where messages go (null = nowhere, the default).</summary>
        public UsmpLogHandler LogHandler { get; set; }

        /// <summary>True when a message of this level would reach LogHandler.</summary>
        public bool IsLogEnabled(UsmpLogLevel level)
        {
            return level != UsmpLogLevel.None && level <= _logLevel && LogHandler != null;
        }

        // ---- ITransportObserver (UdpTransport, on this client's thread, inside Send/Receive) ----

        void ITransportObserver.Retransmitting(byte packetType, uint seq, int attempt)
        {
            _counters.Retransmissions++;
            if (IsLogEnabled(UsmpLogLevel.Warn))
            {
                Log(UsmpLogLevel.Warn, "retransmit type 0x" + packetType.ToString("X2") + " seq " + seq.ToString() + " attempt " + attempt.ToString());
            }
            UsmpRetransmittedHandler handler = Retransmitted;
            if (handler != null)
            {
                try
                {
                    handler(this, packetType, seq, attempt);
                }
                catch (Exception e)
                {
                    HandlerFailed(e);
                }
            }
        }

        void ITransportObserver.DatagramDropped(DropReason reason)
        {
            OnDropped(reason);
        }

        // ---- raised by the client and its SessionReceiver ----

        internal void OnDropped(DropReason reason)
        {
            _counters.CountDrop(reason);
            if (IsLogEnabled(UsmpLogLevel.Warn))
            {
                Log(UsmpLogLevel.Warn, "frame dropped: reason " + ((int)reason).ToString() + " (" + DropReasonName(reason) + ")");
            }
            UsmpFrameDroppedHandler handler = FrameDropped;
            if (handler != null)
            {
                try
                {
                    handler(this, reason);
                }
                catch (Exception e)
                {
                    HandlerFailed(e);
                }
            }
        }

        internal void OnRekeyed(uint epoch, bool byGateway)
        {
            _counters.Rekeys++;
            if (IsLogEnabled(UsmpLogLevel.Info))
            {
                Log(UsmpLogLevel.Info, (byGateway ? "rekeyed by the gateway, key epoch " : "rekeyed, key epoch ") + epoch.ToString());
            }
            UsmpRekeyedHandler handler = Rekeyed;
            if (handler != null)
            {
                try
                {
                    handler(this, epoch, byGateway);
                }
                catch (Exception e)
                {
                    HandlerFailed(e);
                }
            }
        }

        internal void OnPong()
        {
            _counters.PongsReceived++;
        }

        private void OnConnected(int handshakeMs)
        {
            _counters.Handshakes++;
            if (_counters.Handshakes > 1)
            {
                _counters.Reconnects++;
            }
            bool udp = _transport.IsDatagram;
            if (IsLogEnabled(UsmpLogLevel.Info))
            {
                Log(UsmpLogLevel.Info, "connected over " + (udp ? "udp" : "tcp") + ", session " + _sessionIdText + ", handshake " + handshakeMs.ToString() + " ms");
            }
            UsmpConnectedHandler handler = Connected;
            if (handler != null)
            {
                try
                {
                    handler(this, _sessionIdText, udp, handshakeMs);
                }
                catch (Exception e)
                {
                    HandlerFailed(e);
                }
            }
        }

        private void OnClosed(CloseReason reason, Exception error)
        {
            UsmpLogLevel level = reason == CloseReason.Local || reason == CloseReason.GatewayBye ? UsmpLogLevel.Info : UsmpLogLevel.Error;
            if (IsLogEnabled(level))
            {
                Log(level, "session closed: " + CloseReasonName(reason) + (error != null ? ": " + error.Message : ""));
            }
            UsmpClosedHandler handler = Closed;
            if (handler != null)
            {
                try
                {
                    handler(this, reason, error);
                }
                catch (Exception e)
                {
                    HandlerFailed(e);
                }
            }
        }

        // Over UDP the gateway refuses silently (§8): a timeout, or no UTACK, is all the device sees.
        // The stage the handshake stalled at names the likely cause (HandshakeDiagnosis), same type.
        private Exception ExplainHandshakeFailure(Exception e)
        {
            if (!_transport.IsDatagram || !(e is UsmpTimeoutException || e is TransportException))
            {
                return e;
            }
            string why = HandshakeDiagnosis.ExplainUdp(_handshake.Stage, _options.HandshakeTimeoutMs);
            if (why == null)
            {
                return e;
            }
            return e is TransportException ? new TransportException(why, e) : new UsmpTimeoutException(why);
        }

        private void Log(UsmpLogLevel level, string message)
        {
            UsmpLogHandler handler = LogHandler;
            if (handler == null)
            {
                return;
            }
            try
            {
                handler(level, LogTag, message);
            }
            catch (Exception)
            {
                // A broken log sink must not end the session.
            }
        }

        private void HandlerFailed(Exception e)
        {
            if (IsLogEnabled(UsmpLogLevel.Error))
            {
                Log(UsmpLogLevel.Error, "an event handler threw " + e.GetType().Name + ": " + e.Message);
            }
        }

        /// <summary>A short English name of a drop reason (enum ToString gives the number on nanoFramework).</summary>
        public static string DropReasonName(DropReason reason)
        {
            switch (reason)
            {
                case DropReason.BadTag: return "bad tag";
                case DropReason.Replay: return "replay/duplicate";
                case DropReason.Stale: return "stale";
                case DropReason.Malformed: return "malformed";
                case DropReason.Overflow: return "overflow";
                case DropReason.Protocol: return "protocol violation";
                default: return "none";
            }
        }

        /// <summary>A short English name of a close reason.</summary>
        public static string CloseReasonName(CloseReason reason)
        {
            switch (reason)
            {
                case CloseReason.Local: return "closed by the device";
                case CloseReason.GatewayBye: return "BYE from the gateway";
                case CloseReason.GatewaySilent: return "gateway silent (RX watchdog)";
                default: return "error";
            }
        }
    }
}
