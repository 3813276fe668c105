// USMP over UDP (spec usmp-v2.md §8), client side, over any IDatagramLink.
//
// Receive path, per datagram:
//   1. UTACK magic (AC AC)  -> an acknowledgement: matched against the frame being sent, else ignored.
//   2. size checks          -> < 12 bytes, bad magic, length > 480, size != 12 + length: drop, NO UTACK.
//   3. read-buffer cap      -> frames waiting here would exceed 4096 bytes: drop, NO UTACK.
//   4. UTACK it             -> before any decryption (replays and forgeries included); 15 bytes with
//                              a MAC under our rx key for types >= 5 once keys are installed, else 7.
//   5. duplicate handshake  -> (client rules; ServerRole adds "type <= last") same type as the last handshake frame, a HELLO_RETRY
//                              after any handshake frame, a CHALLENGE after SESSION_OK: drop.
//   6. stale session frame  -> seq <= last authenticated seq - 64: drop.
//   7. queue it for ReceiveFrame (the session layer decrypts and calls ConfirmAuthenticated).
// Send path: stop-and-wait ARQ per frame, 5 attempts, attempt n waits clamp(RTO * 2^n, 50 ms,
// 5 s) for the UTACK matching (type, seq) (MAC checked under our tx key in the session phase);
// RTT samples only from first attempts (Karn), see Rto.cs. While waiting, inbound frames go
// through steps 2-7, so both sides may send at once. No matching UTACK -> TransportException.
//
// Buffers (one datagram, one UTACK, the 4096-byte queue, two key copies) are allocated once.
// Not thread-safe: one thread sends and receives (the client's).
using System;

namespace Usmp
{
    public sealed class UdpTransport : IFrameTransport
    {
        public const int Attempts = 5;              // §8 Python ARQ
        public const int ReadBufferCap = 4096;      // §8 per-stream read buffer
        public const int ReplayFloor = 64;          // §8 transport-level stale-seq rule
        private const int DatagramBufferSize = 512; // > MaxFrame: an oversized datagram fails the size checks
        private const int MaxQueuedFrames = ReadBufferCap / UdpDatagram.HeaderSize;

        private readonly IDatagramLink _link;
        private readonly IClock _clock;
        private readonly Rto _rto = new Rto();
        private readonly byte[] _datagram = new byte[DatagramBufferSize];
        private readonly byte[] _utack = new byte[Utack.MacedSize];
        private readonly byte[] _txKey = new byte[UsmpConstants.KeySize];
        private readonly byte[] _rxKey = new byte[UsmpConstants.KeySize];
        private readonly byte[] _queue = new byte[ReadBufferCap];
        private readonly int[] _queueLengths = new int[MaxQueuedFrames];
        private int _queueCount;
        private int _queueBytes;
        private bool _keysInstalled;
        private byte _lastHandshakeType;
        private bool _sessionOkSeen;
        private bool _hasAuthenticated;
        private uint _lastAuthenticated;
        private bool _open;

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
        }

        public bool IsDatagram { get { return true; } }

        // The adaptive RTO (tests read its figures).
        public Rto Rto { get { return _rto; } }

        // Frames waiting for ReceiveFrame (tests).
        public int QueuedFrames { get { return _queueCount; } }

        public bool KeysInstalled { get { return _keysInstalled; } }

        // §8 adds one duplicate rule for a server ("its type <= the last type received"); set it
        // when this transport plays the gateway (test gateways).
        public bool ServerRole { get; set; }

        // The transport's own key copies, for the wipe tests only.
        internal byte[] TxKeyCopy { get { return _txKey; } }

        internal byte[] RxKeyCopy { get { return _rxKey; } }

        public void Open()
        {
            ResetState();
            _rto.Reset();
            _link.Open();
            _open = true;
        }

        public void InstallSessionKeys(byte[] txKey, byte[] rxKey)
        {
            if (txKey == null || rxKey == null)
            {
                WipeKeys();
                return;
            }
            if (txKey.Length != UsmpConstants.KeySize || rxKey.Length != UsmpConstants.KeySize)
            {
                throw new ArgumentException("session keys must be 32 bytes");
            }
            Array.Copy(txKey, _txKey, UsmpConstants.KeySize);
            Array.Copy(rxKey, _rxKey, UsmpConstants.KeySize);
            _keysInstalled = true;
            // New keys (handshake or REKEY) restart the seqs at 0 (§7), so the stale-seq floor restarts.
            _hasAuthenticated = false;
            _lastAuthenticated = 0;
        }

        public void ConfirmAuthenticated(uint seq)
        {
            if (!_hasAuthenticated || seq > _lastAuthenticated)
            {
                _lastAuthenticated = seq;
                _hasAuthenticated = true;
            }
        }

        // Stop-and-wait ARQ for one frame (§8 "Reliability").
        public void SendFrame(byte[] buffer, int offset, int length)
        {
            RequireOpen();
            if (length < UdpDatagram.HeaderSize)
            {
                throw new ArgumentException("not a frame");
            }
            byte type = UdpDatagram.Type(buffer, offset);
            uint seq = UdpDatagram.Seq(buffer, offset);
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                long sentAt = _clock.NowMilliseconds;
                _link.Send(buffer, offset, length);
                if (AwaitUtack(type, seq, sentAt + _rto.AttemptWaitMillis(attempt)))
                {
                    if (attempt == 0)
                    {
                        _rto.Sample((_clock.NowMilliseconds - sentAt) * 1000);
                    }
                    return;
                }
            }
            throw new TransportException("no UTACK after 5 attempts");
        }

        public int ReceiveFrame(byte[] buffer, int offset, int timeoutMs)
        {
            RequireOpen();
            long deadline = _clock.NowMilliseconds + timeoutMs;
            while (_queueCount == 0)
            {
                int length = ReceiveDatagram(deadline);
                if (length == 0)
                {
                    return 0;
                }
                if (!Utack.LooksLikeUtack(_datagram, 0, length))
                {
                    HandleFrameDatagram(length);
                }
                // A UTACK here matches nothing we are sending: a late duplicate, ignored.
            }
            return Dequeue(buffer, offset);
        }

        public void Close()
        {
            _open = false;
            WipeKeys();
            ResetState();
            _link.Close();
        }

        // Waits until deadline for the UTACK of (type, seq); queues frames that arrive meanwhile.
        private bool AwaitUtack(byte type, uint seq, long deadline)
        {
            while (true)
            {
                int length = ReceiveDatagram(deadline);
                if (length == 0)
                {
                    return false;
                }
                if (!Utack.LooksLikeUtack(_datagram, 0, length))
                {
                    HandleFrameDatagram(length);
                }
                else if (Utack.Matches(_datagram, 0, length, type, seq, _keysInstalled ? _txKey : null))
                {
                    return true;
                }
            }
        }

        // One datagram before the deadline, or 0.
        private int ReceiveDatagram(long deadline)
        {
            while (true)
            {
                long remaining = deadline - _clock.NowMilliseconds;
                if (remaining <= 0)
                {
                    return 0;
                }
                int length = _link.Receive(_datagram, 0, _datagram.Length, (int)remaining);
                if (length > 0)
                {
                    return length;
                }
            }
        }

        // Steps 2-7 of the receive path (see the top of the file).
        private void HandleFrameDatagram(int length)
        {
            if (!UdpDatagram.PassesSizeChecks(_datagram, 0, length))
            {
                return;
            }
            if (_queueBytes + length > ReadBufferCap || _queueCount == MaxQueuedFrames)
            {
                return;
            }
            byte type = UdpDatagram.Type(_datagram, 0);
            uint seq = UdpDatagram.Seq(_datagram, 0);
            SendUtack(type, seq);
            if (UdpDatagram.IsHandshakeType(type))
            {
                if (IsDuplicateHandshake(type))
                {
                    return;
                }
                _lastHandshakeType = type;
                _sessionOkSeen |= type == (byte)PacketType.SessionOk;
            }
            else if (IsStale(seq))
            {
                return;
            }
            Enqueue(length);
        }

        private void SendUtack(byte type, uint seq)
        {
            int size = Utack.Write(_utack, 0, type, seq, _keysInstalled ? _rxKey : null);
            _link.Send(_utack, 0, size);
        }

        // §8 duplicate handshake frames, the rules that apply to a client.
        private bool IsDuplicateHandshake(byte type)
        {
            if (type == _lastHandshakeType)
            {
                return true;
            }
            if (ServerRole && _lastHandshakeType != 0 && type <= _lastHandshakeType)
            {
                return true;
            }
            if (type == (byte)PacketType.HelloRetry && _lastHandshakeType != 0)
            {
                return true;
            }
            return type == (byte)PacketType.Challenge && _sessionOkSeen;
        }

        // §8: "seq <= last_authenticated_seq - 64" (no underflow while fewer than 64 frames authenticated).
        private bool IsStale(uint seq)
        {
            return _hasAuthenticated && _lastAuthenticated >= ReplayFloor && seq <= _lastAuthenticated - ReplayFloor;
        }

        private void Enqueue(int length)
        {
            Array.Copy(_datagram, 0, _queue, _queueBytes, length);
            _queueLengths[_queueCount] = length;
            _queueBytes += length;
            _queueCount++;
        }

        // Oldest frame out; the rest move down (a few hundred bytes at most, one Array.Copy).
        private int Dequeue(byte[] buffer, int offset)
        {
            int length = _queueLengths[0];
            Array.Copy(_queue, 0, buffer, offset, length);
            _queueBytes -= length;
            _queueCount--;
            Array.Copy(_queue, length, _queue, 0, _queueBytes);
            Array.Copy(_queueLengths, 1, _queueLengths, 0, _queueCount);
            return length;
        }

        private void RequireOpen()
        {
            if (!_open)
            {
                throw new NotConnectedException("UDP transport is not open");
            }
        }

        private void WipeKeys()
        {
            Secret.Wipe(_txKey);
            Secret.Wipe(_rxKey);
            _keysInstalled = false;
        }

        private void ResetState()
        {
            _queueCount = 0;
            _queueBytes = 0;
            _lastHandshakeType = 0;
            _sessionOkSeen = false;
            _hasAuthenticated = false;
            _lastAuthenticated = 0;
        }
    }
}
