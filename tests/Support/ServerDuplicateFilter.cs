// The one §8 duplicate rule that only a gateway applies (UdpDatagram.IsServerDuplicate): a handshake
// frame whose type is <= the last handshake type received is a retransmission (the peer missed our UTACK): acknowledged again with a
// plain UTACK and dropped. UdpTransport applies the client's rules; a test that plays the gateway over
// UdpTransport wraps its datagram link in this filter, so the device library carries no server role.
//
// Handshake types (0x01-0x04) are never MACed in a UTACK (§8: only acked types >= 5 are), so the
// plain UTACK is the one the transport itself would send. Session frames pass through untouched.
using System;

namespace Usmp
{
    public sealed class ServerDuplicateFilter : IDatagramLink
    {
        private readonly IDatagramLink _inner;
        private readonly IClock _clock;
        private readonly byte[] _utack = new byte[Utack.PlainSize];
        private byte _lastHandshakeType;

        public ServerDuplicateFilter(IDatagramLink inner, IClock clock)
        {
            if (inner == null)
            {
                throw new ArgumentNullException("inner");
            }
            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }
            _inner = inner;
            _clock = clock;
        }

        // Handshake frames this filter acknowledged again and dropped (tests read it).
        public int DuplicatesDropped { get; private set; }

        public void Open()
        {
            _lastHandshakeType = 0;
            _inner.Open();
        }

        public void Send(byte[] buffer, int offset, int count)
        {
            _inner.Send(buffer, offset, count);
        }

        public int Receive(byte[] buffer, int offset, int count, int timeoutMs)
        {
            long deadline = _clock.NowMilliseconds + timeoutMs;
            while (true)
            {
                int length = _inner.Receive(buffer, offset, count, timeoutMs);
                if (length == 0 || !IsServerDuplicate(buffer, offset, length))
                {
                    return length;
                }
                int size = Utack.Write(_utack, 0, (byte)FrameHeader.ReadType(buffer, offset), FrameHeader.ReadSeq(buffer, offset), null);
                _inner.Send(_utack, 0, size);
                DuplicatesDropped++;
                timeoutMs = (int)(deadline - _clock.NowMilliseconds);
                if (timeoutMs <= 0)
                {
                    return 0;
                }
            }
        }

        public void Close()
        {
            _inner.Close();
        }

        // §8 "its type <= the last type received" for handshake frames; records the last one otherwise.
        private bool IsServerDuplicate(byte[] datagram, int offset, int length)
        {
            if (!UdpDatagram.PassesSizeChecks(datagram, offset, length))
            {
                return false;
            }
            byte type = (byte)FrameHeader.ReadType(datagram, offset);
            if (!PacketTypes.IsHandshake(type))
            {
                return false;
            }
            if (UdpDatagram.IsServerDuplicate(type, _lastHandshakeType))
            {
                return true;
            }
            _lastHandshakeType = type;
            return false;
        }
    }
}
