// IDatagramLink over a .NET UDP socket for the PC build of the device client. The firmware's
// SocketDatagramLink recognises a receive timeout by SocketException.ErrorCode 10060, which is
// what nanoFramework reports; .NET on Linux reports the errno (110/11) there and puts 10060 in
// SocketErrorCode instead, so on a PC its timeouts escape as exceptions and break the ARQ.
// This link checks SocketErrorCode. (Reported to the transport's owner.)
using System.Net;
using System.Net.Sockets;
using Usmp;

namespace Usmp.Cli.Device;

public sealed class HostDatagramLink(EndPoint remote) : IDatagramLink
{
    private Socket? _socket;
    private int _currentTimeout = -1;

    public void Open()
    {
        Close();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        socket.Connect(remote);
        _socket = socket;
        _currentTimeout = -1;
    }

    public void Send(byte[] buffer, int offset, int count)
    {
        try { Require().Send(buffer, offset, count, SocketFlags.None); }
        catch (SocketException) { /* datagram loss is normal: the ARQ retries */ }
    }

    public int Receive(byte[] buffer, int offset, int count, int timeoutMs)
    {
        Socket socket = Require();
        int timeout = Math.Max(1, timeoutMs); // 0 would mean "infinite"
        if (timeout != _currentTimeout) { socket.ReceiveTimeout = timeout; _currentTimeout = timeout; }
        try { return socket.Receive(buffer, offset, count, SocketFlags.None); }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.ConnectionReset)
        {
            return 0;
        }
    }

    public void Close()
    {
        _socket?.Close();
        _socket = null;
    }

    private Socket Require() => _socket ?? throw new InvalidOperationException("link not open");
}
