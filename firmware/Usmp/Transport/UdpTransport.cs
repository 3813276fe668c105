// USMP over UDP (spec usmp-v2.md §8), client side, over any IDatagramLink.
//
// Receive path, per datagram:
//   1. UTACK magic (AC AC)  -> an acknowledgement: matched against the frame being sent, else ignored.
//   2. size checks          -> < 12 bytes, bad magic, length > 480, size != 12 + length: drop, NO UTACK.
//   3. read-buffer cap      -> frames waiting here would exceed 4096 bytes: drop, NO UTACK.
//   4. handshake types      -> UTACKed at once (plain 7 bytes; they carry nothing to authenticate),
//                              then the client's duplicate rules (same type as the last handshake
//                              frame, a HELLO_RETRY after any handshake frame, a CHALLENGE after
//                              SESSION_OK: drop), else queued. The gateway's extra rule ("type <=
//                              last") is test scaffolding: tests/Support/ServerDuplicateFilter.cs.
//   5. session types        -> NOT acknowledged here (issue 10: the reference UTACKs every frame
//                              before decrypting it, forgeries included). Waiting in ReceiveFrame:
//                              queued; the Session authenticates it and sends its UTACK through
//                              SendUtack (IUtackSink). Waiting for our own UTACK (a send in progress):
//                              the attached Session pre-authenticates it (PreAcknowledge); only a
//                              frame that opened is UTACKed and queued, anything else is dropped.
//                              Before a session is attached: queued as is.
// Send path: stop-and-wait ARQ per frame, 5 attempts, attempt n waits clamp(RTO * 2^n, 50 ms,
// 5 s) for the UTACK matching (type, seq), in the session phase with a MAC that verifies under the
// tx key of the key epoch that sealed the frame (Session.UtackMatches: for the frame in flight, a
// constant-time compare with the UTACK its seal computed); RTT samples only from first attempts
// (Karn), see Rto.cs. No matching UTACK -> TransportException: the sender never moves on without
// an authenticated receipt. The clock is read once per step (send, each datagram received) and
// the value passed on: on the nanoCLR each managed call costs ~700 instructions.
//
// Per frame: a sent frame costs its seal (one native call, which also computed the UTACK expected
// for it: the receipt is then a constant-time compare); a received one its open (one native call,
// which also wrote the UTACK the session sends). Received frames wait in a DatagramQueue and are
// handed out where they lie there (IInPlaceFrameSource), so the session opens them in place.
// Buffers (one datagram, one UTACK, the 4096-byte queue) are allocated once; the transport holds
// no key material. Not thread-safe: one thread sends and receives (the client's).
using System;

namespace Usmp
{
    public sealed class UdpTransport : IFrameTransport, IInPlaceFrameSource
    {
        public const int Attempts = 5;              // §8 Python ARQ
        public const int ReadBufferCap = 4096;      // §8 per-stream read buffer
        private const int DatagramBufferSize = 512; // > MaxFrame: an oversized datagram fails the size checks
        private const int MaxQueuedFrames = ReadBufferCap / UsmpConstants.HeaderSize;

        private readonly IDatagramLink _link;
        private readonly IClock _clock;
        private readonly Rto _rto = new Rto();
        private readonly byte[] _datagram = new byte[DatagramBufferSize];
        private readonly byte[] _utack = new byte[Utack.MacedSize];
        private readonly DatagramQueue _queue = new DatagramQueue(ReadBufferCap, MaxQueuedFrames);
        private readonly byte[] _queueBuffer;   // _queue.Buffer: received frames are read where they lie there
        private Session _session;
        private byte _lastHandshakeType;
        private bool _sessionOkSeen;
        private bool _open;
        private long _retransmissions;

        public UdpTransport(IDatagramLink link, IClock clock)
        {
            if (link == null)
            {
                throw new ArgumentNullException("link");
            }
            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }
            _link = link;
            _clock = clock;
            _queueBuffer = _queue.Buffer;
        }

        public bool IsDatagram { get { return true; } }

        // The adaptive RTO (tests read its figures).
        public Rto Rto { get { return _rto; } }

        // Diagnostics (UsmpClient sets it): told of every retransmission and every datagram dropped here.
        public ITransportObserver Observer { get; set; }

        // Frames sent again for lack of a UTACK since this transport was created (diagnostics).
        public long Retransmissions { get { return _retransmissions; } }

        // Frames waiting for ReceiveFrame (tests).
        public int QueuedFrames { get { return _queue.Count; } }

        // A session is attached: its key epochs MAC and check the session-phase UTACKs.
        public bool SessionAttached { get { return _session != null; } }

        public void Open()
        {
            ResetState();
            _rto.Reset();
            _link.Open();
            _open = true;
        }

        public void AttachSession(Session session)
        {
            _session = session;
        }

        // IUtackSink: the Session's UTACK for a frame it accepted (or an authenticated duplicate).
        public void SendUtack(byte[] utack, int offset, int length)
        {
            if (!_open)
            {
                ThrowNotOpen();
            }
            _link.Send(utack, offset, length);
        }

        // Stop-and-wait ARQ for one frame (§8 "Reliability").
        public void SendFrame(byte[] buffer, int offset, int length)
        {
            if (!_open)
            {
                ThrowNotOpen();
            }
            if (length < UsmpConstants.HeaderSize)
            {
                throw new ArgumentException("not a frame");
            }
            byte type = buffer[offset + UsmpConstants.TypeOffset];
            uint seq = FrameHeader.ReadSeq(buffer, offset);
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                long sentAt = _clock.NowMilliseconds;
                if (attempt > 0)
                {
                    Retransmitting(type, seq, attempt);
                }
                _link.Send(buffer, offset, length);
                long ackedAt = AwaitUtack(type, seq, sentAt, _rto.AttemptWaitMillis(attempt));
                if (ackedAt >= 0)
                {
                    if (attempt == 0)
                    {
                        _rto.Sample((ackedAt - sentAt) * 1000);   // Karn: first attempts only
                    }
                    return;
                }
            }
            throw new TransportException("no UTACK after 5 attempts");
        }

        // IFrameTransport: the frame copied to buffer[offset..] (the handshake's path).
        public int ReceiveFrame(byte[] buffer, int offset, int timeoutMs)
        {
            byte[] frame;
            int frameOffset;
            int length = ReceiveFrame(timeoutMs, out frame, out frameOffset);
            Array.Copy(frame, frameOffset, buffer, offset, length);
            return length;
        }

        // IInPlaceFrameSource: the oldest queued frame where it lies in the queue (valid until the
        // next receive), its length, or 0 when none arrived within timeoutMs.
        public int ReceiveFrame(int timeoutMs, out byte[] frame, out int offset)
        {
            if (!_open)
            {
                ThrowNotOpen();
            }
            frame = _queueBuffer;
            int length = _queue.Take(out offset);
            long deadline = _clock.NowMilliseconds + timeoutMs;
            long remaining = timeoutMs;   // the first wait needs no second clock read
            while (length == 0 && remaining > 0)
            {
                int received = _link.Receive(_datagram, 0, _datagram.Length, (int)remaining);
                // A UTACK here matches nothing we are sending: a late duplicate, ignored.
                if (received > 0 && !Utack.LooksLikeUtack(_datagram, 0, received))
                {
                    HandleFrameDatagram(received, false);
                    length = _queue.Take(out offset);
                }
                if (length == 0)
                {
                    remaining = deadline - _clock.NowMilliseconds;
                }
            }
            return length;
        }

        public void Close()
        {
            _open = false;
            _session = null;
            ResetState();
            _link.Close();
        }

        // Waits up to waitMs from sentAt for the UTACK of (type, seq); returns the clock time it
        // arrived, or -1. Frames that arrive meanwhile are authenticated by the session and queued
        // (step 5); any other UTACK is ignored. One clock read per datagram, for both the deadline
        // and the RTT sample.
        private long AwaitUtack(byte type, uint seq, long sentAt, int waitMs)
        {
            long deadline = sentAt + waitMs;
            long remaining = waitMs;
            while (true)
            {
                int length = _link.Receive(_datagram, 0, _datagram.Length, (int)remaining);
                long now = _clock.NowMilliseconds;
                if (length > 0)
                {
                    // §8: with a session attached it checks the MAC (Session.UtackMatches); before, plain.
                    bool matches = _session != null ? _session.UtackMatches(_datagram, 0, length, type, seq)
                        : Utack.Matches(_datagram, 0, length, type, seq, null);
                    if (matches)
                    {
                        return now;
                    }
                    if (!Utack.LooksLikeUtack(_datagram, 0, length))
                    {
                        HandleFrameDatagram(length, true);
                    }
                }
                remaining = deadline - now;
                if (remaining <= 0)
                {
                    return -1;
                }
            }
        }

        // Steps 2-5 of the receive path (see the top of the file).
        private void HandleFrameDatagram(int length, bool sending)
        {
            if (!UdpDatagram.PassesSizeChecks(_datagram, 0, length))
            {
                Dropped(DropReason.Malformed);
                return;
            }
            if (!_queue.Admits(length))
            {
                Dropped(DropReason.Overflow);
                return;
            }
            byte type = (byte)FrameHeader.ReadType(_datagram, 0);
            if (PacketTypes.IsHandshake(type))
            {
                uint seq = FrameHeader.ReadSeq(_datagram, 0);
                int size = _session != null ? _session.WriteHandshakeUtack(_utack, 0, type, seq) : Utack.Write(_utack, 0, type, seq, null);
                _link.Send(_utack, 0, size);
                if (IsDuplicateHandshake(type))
                {
                    Dropped(DropReason.Replay);   // a repeated handshake frame (our UTACK was lost): acknowledged again, not queued
                    return;
                }
                _lastHandshakeType = type;
                _sessionOkSeen |= type == (byte)PacketType.SessionOk;
            }
            else if (sending && _session != null)
            {
                int size = _session.PreAcknowledge(_datagram, 0, length, _utack, 0);
                if (size == 0)
                {
                    Dropped(_session.LastDropReason);
                    return;   // forged, garbled, stale, or for keys we do not have yet: no receipt, not queued
                }
                _link.Send(_utack, 0, size);
            }
            _queue.Enqueue(_datagram, 0, length);
        }

        // §8 duplicate handshake frames, the rules that apply to a client (UdpDatagram).
        private bool IsDuplicateHandshake(byte type)
        {
            return UdpDatagram.IsClientDuplicate(type, _lastHandshakeType, _sessionOkSeen);
        }

        private void Retransmitting(byte type, uint seq, int attempt)
        {
            _retransmissions++;
            ITransportObserver observer = Observer;
            if (observer != null)
            {
                observer.Retransmitting(type, seq, attempt);
            }
        }

        private void Dropped(DropReason reason)
        {
            ITransportObserver observer = Observer;
            if (observer != null)
            {
                observer.DatagramDropped(reason);
            }
        }

        private static void ThrowNotOpen()
        {
            throw new NotConnectedException("UDP transport is not open");
        }

        private void ResetState()
        {
            _queue.Clear();
            _lastHandshakeType = 0;
            _sessionOkSeen = false;
        }
    }
}
