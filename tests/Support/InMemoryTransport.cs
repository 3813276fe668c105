// Two connected in-memory frame transports for tests and host benchmarks: whole frames through
// an InMemoryPipe each way, no sockets, no ARQ. TCP-like (IsDatagram false: the session applies
// the strict §6 TCP seq rule) or datagram-like (IsDatagram true: the §6 UDP window), chosen at
// creation. Closing one end makes the other's ReceiveFrame throw ConnectionClosedException once
// the pending frames are read, like a TCP FIN. Nothing is allocated per frame.
using System;

namespace Usmp
{
    public sealed class InMemoryTransport : IFrameTransport
    {
        private const int PipeBytes = 32768;
        private const int PipeFrames = 512;

        private readonly InMemoryPipe _inbound;
        private readonly InMemoryPipe _outbound;
        private readonly bool _datagram;
        private Session _session;
        private bool _closed;

        private InMemoryTransport(InMemoryPipe inbound, InMemoryPipe outbound, bool datagram)
        {
            _inbound = inbound;
            _outbound = outbound;
            _datagram = datagram;
        }

        public static void CreatePair(bool datagram, out InMemoryTransport client, out InMemoryTransport server)
        {
            InMemoryPipe clientToServer = new InMemoryPipe(PipeBytes, PipeFrames);
            InMemoryPipe serverToClient = new InMemoryPipe(PipeBytes, PipeFrames);
            client = new InMemoryTransport(serverToClient, clientToServer, datagram);
            server = new InMemoryTransport(clientToServer, serverToClient, datagram);
        }

        public bool IsDatagram { get { return _datagram; } }

        public bool IsClosed { get { return _closed; } }

        // Frames sent and not yet read by the peer (tests).
        public int PendingOutbound { get { return _outbound.Count; } }

        public int FramesSent { get; private set; }

        // The session attached after the handshake (tests).
        public Session AttachedSession { get { return _session; } }

        // UTACKs a datagram-mode session handed to this end (it has no datagram link: counted only).
        public int UtacksSent { get; private set; }

        public void Open()
        {
            if (_closed)
            {
                throw new ConnectionClosedException("in-memory transport was closed");
            }
        }

        public void SendFrame(byte[] buffer, int offset, int length)
        {
            if (_closed || _outbound.IsClosed)
            {
                throw new ConnectionClosedException("in-memory connection closed");
            }
            if (!_outbound.Write(buffer, offset, length))
            {
                throw new TransportException("in-memory pipe full");
            }
            FramesSent++;
        }

        public int ReceiveFrame(byte[] buffer, int offset, int timeoutMs)
        {
            if (_closed)
            {
                throw new NotConnectedException("in-memory transport is closed");
            }
            int length = _inbound.Read(buffer, offset, UsmpConstants.MaxFrame, timeoutMs);
            if (length < 0)
            {
                throw new ConnectionClosedException("connection closed by the peer");
            }
            return length;
        }

        public void AttachSession(Session session)
        {
            _session = session;
        }

        public void SendUtack(byte[] utack, int offset, int length)
        {
            UtacksSent++;
        }

        public void Close()
        {
            _closed = true;
            _session = null;
            _outbound.Close();
        }
    }
}
