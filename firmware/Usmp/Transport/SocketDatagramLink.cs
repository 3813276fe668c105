// IDatagramLink over a nanoFramework UDP socket (spec/nanoframework.md §2).
//  - The socket is bound to an ephemeral local port and then connected to the gateway, so
//    Receive works from the start (nanoFramework's ReceiveFrom throws NotConnected on a socket
//    that is neither bound, connected nor has sent) and the stack filters other sources.
//    Connected Send/Receive also avoid the EndPoint object ReceiveFrom allocates per datagram.
//  - A receive timeout is SocketException 10060 (WSAETIMEDOUT): reported as 0, "nothing arrived".
//  - ICMP port unreachable (10054 / ECONNREFUSED on a connected socket) and any other socket
//    error: TransportException, so an unreachable gateway fails fast and typed.
//  - Close(), never Dispose() (not public on nanoFramework).
using System;
using System.Net;
using System.Net.Sockets;

namespace Usmp
{
    public sealed class SocketDatagramLink : IDatagramLink
    {
        private const int TimedOut = 10060;       // WSAETIMEDOUT
        private const int WouldBlock = 10035;     // WSAEWOULDBLOCK (some stacks report timeouts so)
        private const int ConnectionReset = 10054; // ICMP port unreachable on a connected UDP socket
        private const int HostTimedOut = 110;      // .NET on Linux (host tests) reports errno:
        private const int HostWouldBlock = 11;     // ETIMEDOUT, EAGAIN,
        private const int HostRefused = 111;       // ECONNREFUSED (ICMP port unreachable)
        private const int Refused = 10061;         // WSAECONNREFUSED, the same on other stacks

        private readonly EndPoint _remote;
        private Socket _socket;
        private int _currentTimeout = -1;

        public SocketDatagramLink(EndPoint remote)
        {
            if (remote == null)
            {
                throw new ArgumentNullException("remote");
            }
            _remote = remote;
        }

        public void Open()
        {
            Close();
            Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Any, 0));
                socket.Connect(_remote);
            }
            catch
            {
                socket.Close();
                throw;
            }
            _socket = socket;
            _currentTimeout = -1;
        }

        public void Send(byte[] buffer, int offset, int count)
        {
            Socket socket = _socket;
            if (socket == null)
            {
                ThrowClosed();
            }
            try
            {
                socket.Send(buffer, offset, count, SocketFlags.None);
            }
            catch (SocketException)
            {
                // Datagram loss is normal; the ARQ retries and reports a dead link.
            }
        }

        public int Receive(byte[] buffer, int offset, int count, int timeoutMs)
        {
            Socket socket = _socket;
            if (socket == null)
            {
                ThrowClosed();
            }
            // ReceiveTimeout 0 means "infinite" on a socket: never pass it.
            int timeout = timeoutMs < 1 ? 1 : timeoutMs;
            if (timeout != _currentTimeout)
            {
                socket.ReceiveTimeout = timeout;
                _currentTimeout = timeout;
            }
            try
            {
                return socket.Receive(buffer, offset, count, SocketFlags.None);
            }
            catch (SocketException e)
            {
                if (e.ErrorCode == TimedOut || e.ErrorCode == WouldBlock || e.ErrorCode == HostTimedOut || e.ErrorCode == HostWouldBlock)
                {
                    return 0;
                }
                if (e.ErrorCode == ConnectionReset || e.ErrorCode == HostRefused || e.ErrorCode == Refused)
                {
                    // ICMP port unreachable: nothing listens there. Fail now, typed, instead of
                    // spending the whole ARQ budget (5 attempts, up to 12.5 s) on a dead port.
                    throw new TransportException("gateway unreachable (ICMP port unreachable)", e);
                }
                throw new TransportException("UDP receive failed: socket error " + e.ErrorCode.ToString(), e);
            }
        }

        public void Close()
        {
            Socket socket = _socket;
            _socket = null;
            if (socket != null)
            {
                socket.Close();
            }
        }

        private static void ThrowClosed()
        {
            throw new ObjectDisposedException("SocketDatagramLink");
        }
    }
}
