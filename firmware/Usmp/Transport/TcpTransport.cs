// USMP over TCP (spec usmp-v2.md §1) on a nanoFramework Socket (spec/nanoframework.md §2):
//  - Connect has NO timeout on nanoFramework: it runs on a worker thread and the caller waits
//    ConnectTimeoutMs; on expiry the socket is closed (which ends the blocked Connect) and
//    UsmpTimeoutException is thrown.
//  - Receive returns as soon as ANY bytes arrived and 0 when the peer closed: the socket writes
//    straight into the TcpFrameReader's buffer until one whole frame is there, and the frame is
//    handed out where it lies (IInPlaceFrameSource: the session opens it from there, no copy);
//    0 mid-frame or between frames -> ConnectionClosedException (§4: the Python gateway signals
//    every failure, a wrong PSK included, by closing the connection). A bad magic or a declared
//    length over 480 -> MagicException / PayloadException (the stream cannot resynchronise).
//  - A timeout is SocketException.ErrorCode 10060; ReceiveTimeout 0 would mean "infinite", so
//    it is never set to 0.
//  - Close(), not Dispose(); no reliance on Socket.Connected (state is tracked here).
// One 1,024-byte receive buffer (the reader's), allocated once; nothing per frame.
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Usmp
{
    public sealed class TcpTransport : IFrameTransport, IInPlaceFrameSource
    {
        private const int TimedOut = 10060;        // WSAETIMEDOUT
        private const int WouldBlock = 10035;      // WSAEWOULDBLOCK (a timeout on some stacks)
        private const int HostTimedOut = 110;      // ETIMEDOUT: .NET on Linux (host tests) reports errno
        private const int HostWouldBlock = 11;     // EAGAIN, likewise
        private const int ReceiveBufferSize = 1024;   // two whole frames plus a little

        private readonly EndPoint _remote;
        private readonly int _connectTimeoutMs;
        private readonly IClock _clock;
        private readonly TcpFrameReader _reader = new TcpFrameReader(ReceiveBufferSize);
        private readonly byte[] _readBuffer;   // _reader.Buffer: the socket writes there, frames are read there
        private int _currentTimeout = -1;
        private int _sendTimeoutMs = 10000;
        private Socket _socket;

        public TcpTransport(EndPoint remote, int connectTimeoutMs, IClock clock)
        {
            if (remote == null)
            {
                throw new ArgumentNullException("remote");
            }
            if (connectTimeoutMs <= 0)
            {
                throw new ArgumentOutOfRangeException("connectTimeoutMs");
            }
            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }
            _remote = remote;
            _connectTimeoutMs = connectTimeoutMs;
            _clock = clock;
            _readBuffer = _reader.Buffer;
        }

        public bool IsDatagram { get { return false; } }

        // Socket SendTimeout, so a peer that stops reading (half-open) cannot block SendFrame
        // forever: the send then fails with UsmpTimeoutException. Applied by Open.
        public int SendTimeoutMs
        {
            get { return _sendTimeoutMs; }
            set
            {
                if (value <= 0)
                {
                    throw new ArgumentOutOfRangeException("value");
                }
                _sendTimeoutMs = value;
            }
        }

        public void Open()
        {
            Close();
            Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            ConnectWithTimeout(socket);
            socket.SendTimeout = _sendTimeoutMs;
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
            }
            catch (SocketException)
            {
                // NoDelay is an optimisation only.
            }
            _socket = socket;
        }

        public void SendFrame(byte[] buffer, int offset, int length)
        {
            Socket socket = _socket;
            if (socket == null)
            {
                ThrowNotOpen();
            }
            try
            {
                int sent = 0;
                while (sent < length)
                {
                    sent += socket.Send(buffer, offset + sent, length - sent, SocketFlags.None);
                }
            }
            catch (SocketException e)
            {
                throw Translate(e, "send");
            }
            catch (ObjectDisposedException)
            {
                throw new ConnectionClosedException("TCP connection closed");
            }
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

        // IInPlaceFrameSource: the next whole frame where it lies in the reader's buffer (valid
        // until the next receive), its length, or 0 when none arrived within timeoutMs.
        public int ReceiveFrame(int timeoutMs, out byte[] frame, out int offset)
        {
            Socket socket = _socket;
            if (socket == null)
            {
                ThrowNotOpen();
            }
            frame = _readBuffer;
            int wait = timeoutMs < 0 ? 0 : timeoutMs;
            long deadline = -1;   // set when the first receive starts waiting
            while (true)
            {
                int length = _reader.NextFrame(out offset);
                if (length > 0)
                {
                    return length;
                }
                if (length != TcpFrameReader.NeedMore)
                {
                    throw BadHeader(length);
                }
                if (deadline < 0)
                {
                    deadline = _clock.NowMilliseconds + wait;
                }
                else
                {
                    long left = deadline - _clock.NowMilliseconds;
                    wait = left > 0 ? (int)left : 0;
                }
                int received = ReceiveSome(socket, wait);
                if (received < 0)
                {
                    return 0;
                }
                if (received == 0)
                {
                    throw new ConnectionClosedException(_reader.IsMidFrame
                        ? "connection closed by the peer in the middle of a frame"
                        : "connection closed by the peer (PSK rejected or gateway error)");
                }
                _reader.Received(received);
            }
        }

        private static FrameException BadHeader(int code)
        {
            if (code == TcpFrameReader.BadMagic)
            {
                return new MagicException("bad frame magic on the TCP stream");
            }
            return new PayloadException("declared payload length exceeds 480");
        }

        public void AttachSession(Session session)
        {
            // TCP has no transport-level MACs.
        }

        public void SendUtack(byte[] utack, int offset, int length)
        {
            // TCP has no UTACKs (a stream session never asks for one).
        }

        public void Close()
        {
            Socket socket = _socket;
            _socket = null;
            _reader.Reset();
            _currentTimeout = -1;
            if (socket != null)
            {
                socket.Close();
            }
        }

        // Bytes received (> 0) within waitMs, 0 = peer closed, -1 = nothing within waitMs.
        private int ReceiveSome(Socket socket, int waitMs)
        {
            long remaining = waitMs;
            try
            {
                if (remaining <= 0)
                {
                    // Timeout already spent (or a zero timeout): take only what is there now.
                    if (!socket.Poll(0, SelectMode.SelectRead))
                    {
                        return -1;
                    }
                    remaining = 1;
                }
                int timeout = (int)remaining;
                if (timeout != _currentTimeout)
                {
                    socket.ReceiveTimeout = timeout;
                    _currentTimeout = timeout;
                }
                int at = _reader.MakeRoom();
                return socket.Receive(_readBuffer, at, _readBuffer.Length - at, SocketFlags.None);
            }
            catch (SocketException e)
            {
                if (IsTimeout(e.ErrorCode))
                {
                    return -1;
                }
                throw Translate(e, "receive");
            }
            catch (ObjectDisposedException)
            {
                throw new ConnectionClosedException("TCP connection closed");
            }
        }

        private void ConnectWithTimeout(Socket socket)
        {
            ConnectAttempt attempt = new ConnectAttempt(socket, _remote);
            Thread worker = new Thread(attempt.Run);
            worker.Start();
            if (!attempt.Done.WaitOne(_connectTimeoutMs, false))
            {
                socket.Close(); // ends the blocked Connect; the worker's late outcome is ignored
                throw new UsmpTimeoutException("TCP connect timed out");
            }
            if (attempt.Error == null)
            {
                return;
            }
            socket.Close();
            SocketException socketError = attempt.Error as SocketException;
            if (socketError != null)
            {
                throw Translate(socketError, "connect");
            }
            throw new TransportException("TCP connect failed", attempt.Error);
        }

        // One guarded Connect: its own state, so a late worker never touches a newer attempt.
        private sealed class ConnectAttempt
        {
            private readonly Socket _socket;
            private readonly EndPoint _remote;

            public readonly ManualResetEvent Done = new ManualResetEvent(false);
            public Exception Error;

            public ConnectAttempt(Socket socket, EndPoint remote)
            {
                _socket = socket;
                _remote = remote;
            }

            public void Run()
            {
                try
                {
                    _socket.Connect(_remote);
                }
                catch (Exception e)
                {
                    Error = e;
                }
                Done.Set();
            }
        }

        private static UsmpException Translate(SocketException e, string operation)
        {
            if (IsTimeout(e.ErrorCode))
            {
                return new UsmpTimeoutException("TCP " + operation + " timed out");
            }
            return new TransportException("TCP " + operation + " failed: socket error " + e.ErrorCode.ToString(), e);
        }

        private static bool IsTimeout(int errorCode)
        {
            return errorCode == TimedOut || errorCode == WouldBlock || errorCode == HostTimedOut || errorCode == HostWouldBlock;
        }

        private static void ThrowNotOpen()
        {
            throw new NotConnectedException("TCP transport is not open");
        }
    }
}
