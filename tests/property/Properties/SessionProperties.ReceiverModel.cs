// The receiver model of SessionProperties: from the bytes alone, what Session.Accept must do with
// each frame the hostile channel delivers (§4-§8, issue 10's key epochs and acknowledgement rule).
// Deliberately plain and independent of the firmware's code: it shares no logic with Session.
using FsCheck;
using FsCheck.Fluent;
using Usmp.PropertyTests.Model;
using Xunit;
using Xunit.Abstractions;

namespace Usmp.PropertyTests.Properties;

public sealed partial class SessionProperties
{
    // ---------------------------------------------------------------- the receiver model

    /// <summary>One key epoch in the model: keys, the UDP seen-set and highest, the TCP expected seq.</summary>
    private sealed class ModelEpoch(byte[] rx, byte[] tx)
    {
        public readonly byte[] Rx = rx, Tx = tx;
        public readonly HashSet<uint> Seen = [];
        public uint Highest, Expected;
    }

    /// <summary>§4-§8 receiver, written from the spec and issue 10's rules: decides from bytes, its keys and the clock only.</summary>
    private sealed class ReceiverModel(Case c)
    {
        private readonly List<(uint seq, byte[] plaintext)> _partial = [];
        private readonly List<long> _controlTimes = [];
        private long _controlWindowStart;
        private ModelEpoch _current = new(c.KS2c, c.KC2s), _previous;
        private int _epochNumber, _graceFrames;
        private long _swappedAt;
        private bool _previousOpens;
        private (int epoch, uint seq)? _last;
        private bool _boundary = true;
        private uint _txSeq;
        public readonly List<byte[]> Delivered = [];
        public readonly List<(byte[] key, uint seq)> ExpectedPongs = [];
        public readonly List<byte[]> ExpectedUtacks = [];
        public bool Closed;

        /// <summary>Processes one frame; returns the exception type TCP must throw (null: none). UDP never throws except the flood.</summary>
        public Type Receive(byte[] frame, long now)
        {
            Type framing = WireModel.Verdict(frame, false);
            if (framing == null && WireModel.HandshakeType(frame[3])) framing = typeof(ProtocolException);
            if (framing == null && frame.Length < 40) framing = typeof(PayloadException);
            if (framing == null && WireModel.FrameCrc(frame) != BitConverter.ToUInt16(frame, 10)) framing = typeof(CrcException);
            if (framing != null)
            {
                return c.Udp ? null : framing;
            }
            uint seq = WireModel.Seq(frame);
            byte type = frame[3];
            if (_previousOpens && now - _swappedAt >= 30000) _previousOpens = false;   // the grace's time bound
            ModelEpoch epoch = null;
            byte[] plaintext = null;
            bool anyTried = false;
            foreach (ModelEpoch e in _previousOpens ? new[] { _current, _previous } : new[] { _current })
            {
                if (c.Udp && (long)seq <= (long)e.Highest - 64) continue;            // stale in this epoch's window
                anyTried = true;
                plaintext = CryptoModel.Open(frame, e.Rx, c.SessionId);
                if (plaintext != null) { epoch = e; break; }
            }
            if (epoch == null)
            {
                return c.Udp || !anyTried ? null : typeof(CryptoException);
            }
            if (c.Udp && epoch.Seen.Contains(seq))
            {
                Acknowledge(epoch, type, seq);                                       // an accepted duplicate: again
                return null;
            }
            if (type == 0x0B && epoch != _current)
            {
                return c.Udp ? null : typeof(ProtocolException);                     // a REKEY collision: refused, no UTACK
            }
            if (seq == 0xFFFFFFFFu)
            {
                return c.Udp ? null : typeof(SequenceException);
            }
            if (c.Udp)
            {
                epoch.Seen.Add(seq);
                epoch.Highest = Math.Max(epoch.Highest, seq);
            }
            else
            {
                if (seq != epoch.Expected) return typeof(SequenceException);
                epoch.Expected = seq + 1;
            }
            if (epoch == _current) _previousOpens = false;                            // the peer has switched
            else if (++_graceFrames >= 64) _previousOpens = false;
            if (c.Udp) Acknowledge(epoch, type, seq);
            int epochNumber = epoch == _current ? _epochNumber : _epochNumber - 1;
            return Dispatch(type, epochNumber, seq, plaintext, now);
        }

        private void Acknowledge(ModelEpoch epoch, byte type, uint seq)
        {
            byte[] head = [0xAC, 0xAC, type, .. BitConverter.GetBytes(seq)];
            ExpectedUtacks.Add([.. head, .. CryptoModel.Hmac(epoch.Rx, head).Take(8)]);
        }

        private Type Violation(Type tcp) => c.Udp ? null : tcp;

        // The frame comes right after the last accepted one: +1 in the same epoch, 0 in a newer one, 0 first of all.
        private bool Follows(int epoch, uint seq) =>
            _last is not { } last ? seq == 0 : epoch == last.epoch ? last.seq != 0xFFFFFFFFu && seq == last.seq + 1 : epoch > last.epoch && seq == 0;

        // Behind the last accepted frame (a late arrival inside the UDP window): says nothing about the stream now.
        private bool Late(int epoch, uint seq) => _last is { } last && (epoch < last.epoch || (epoch == last.epoch && seq <= last.seq));

        private Type Dispatch(byte type, int epoch, uint seq, byte[] plaintext, long now)
        {
            bool late = Late(epoch, seq);
            bool follows = Follows(epoch, seq);
            bool sameEpoch = _last is { } l && l.epoch == epoch;
            if (!late) _last = (epoch, seq);
            if (late && type is 0x05 or 0x09)
            {
                return Violation(typeof(ProtocolException));                          // discarded, nothing changes
            }
            if (type is 0x05 or 0x09)
            {
                bool isFinal = type == 0x05;
                if (_partial.Count > 0 && (!follows || !sameEpoch))
                {
                    _partial.Clear();
                    _boundary = isFinal;
                    return Violation(typeof(ProtocolException));                      // a gap inside the message
                }
                if (_partial.Count == 0 && (!follows || !_boundary))
                {
                    _boundary = isFinal;
                    return Violation(typeof(ProtocolException));                      // its start is not proved
                }
                _partial.Add((seq, plaintext));
                if (isFinal)
                {
                    Delivered.Add(_partial.SelectMany(p => p.plaintext).ToArray());
                    _partial.Clear();
                    _boundary = true;
                    return null;
                }
                _boundary = false;
                if (_partial.Count == 4)
                {
                    _partial.Clear();
                    return Violation(typeof(ProtocolException));                      // exceeded max fragments limit
                }
                return null;
            }
            bool mid = !late && _partial.Count > 0;
            if (mid) { _partial.Clear(); _boundary = false; }
            else if (!late) _boundary = _boundary && follows;
            if (type == 0x08)
            {
                Closed = true;
                return null;
            }
            if (mid)
            {
                return Violation(typeof(ProtocolException));                          // PING, PONG or REKEY mid-message
            }
            if (type == 0x0B)
            {
                if (plaintext.Length != 32) return Violation(typeof(PayloadException));
                // responder: initiator_tx = our rx, initiator_rx = our tx; new rx = okm[0:32], new tx = okm[32:64]
                var (first, second) = CryptoModel.Rekey(_current.Rx, _current.Tx, plaintext, c.SessionId);
                _previous = _current;
                _current = new ModelEpoch(first, second);
                _epochNumber++;
                _previousOpens = true;
                _swappedAt = now;
                _graceFrames = 0;
                _txSeq = 0;
                return null;
            }
            // flood: more than 8 PING/PONG within one 1 s window (a window opens at the first one)
            if (_controlTimes.Count == 0 || now - _controlWindowStart >= 1000)
            {
                _controlTimes.Clear();
                _controlWindowStart = now;
            }
            _controlTimes.Add(now);
            if (_controlTimes.Count > 8)
            {
                Closed = true;
                return typeof(ConnectionClosedException);
            }
            if (type == 0x06)
            {
                ExpectedPongs.Add((_current.Tx, _txSeq++));
            }
            return null;
        }
    }
}
