// nanoFramework.System.Net (assembly System.Net): sockets, addresses, DNS, network interfaces and the
// stored-credential NetworkHelper (spec sections 2 and 3). Socket.Dispose() is deliberately NOT
// public: nanoFramework implements IDisposable explicitly (spec section 2, verified compile error).
// Socket.Connected is omitted on purpose (added 2026-04, firmware-dependent; spec says do not rely on it).
using System.Threading;

namespace System.Net
{
    public abstract class EndPoint
    {
        public virtual Sockets.AddressFamily AddressFamily => throw null;
    }

    public class IPAddress
    {
        public static readonly IPAddress Any;
        public static readonly IPAddress Loopback;
        public static readonly IPAddress Broadcast;
        public static readonly IPAddress None;
        public IPAddress(long newAddress) { }
        public IPAddress(byte[] address) { }
        public Sockets.AddressFamily AddressFamily => throw null;
        public byte[] GetAddressBytes() => throw null;
        public static IPAddress Parse(string ipString) => throw null;
        public override bool Equals(object obj) => throw null;
        public override int GetHashCode() => throw null;
        public override string ToString() => throw null;
    }

    public class IPEndPoint : EndPoint
    {
        public const int MinPort = 0;
        public const int MaxPort = 65535;
        public IPEndPoint(long address, int port) { }
        public IPEndPoint(IPAddress address, int port) { }
        public IPAddress Address { get => throw null; set { } }
        public int Port { get => throw null; set { } }
        public override bool Equals(object comparand) => throw null;
        public override int GetHashCode() => throw null;
        public override string ToString() => throw null;
    }

    public class IPHostEntry
    {
        public string HostName => throw null;
        public IPAddress[] AddressList => throw null;
    }

    public static class Dns
    {
        public static IPHostEntry GetHostEntry(string hostNameOrAddress) => throw null;
    }
}

namespace System.Net.Sockets
{
    public enum AddressFamily { Unknown = -1, Unspecified = 0, InterNetwork = 2, InterNetworkV6 = 23 }
    public enum SocketType { Unknown = -1, Stream = 1, Dgram = 2, Raw = 3 }
    public enum ProtocolType { Unknown = -1, IP = 0, Icmp = 1, Tcp = 6, Udp = 17, Raw = 255 }
    public enum SelectMode { SelectRead = 0, SelectWrite = 1, SelectError = 2 }
    public enum SocketOptionLevel { IP = 0, Tcp = 6, Udp = 17, Socket = 0xFFFF }

    [Flags]
    public enum SocketFlags { None = 0, OutOfBand = 0x1, Peek = 0x2, DontRoute = 0x4, Truncated = 0x100, ControlDataTruncated = 0x200, Broadcast = 0x400, Multicast = 0x800, Partial = 0x8000 }

    public enum SocketOptionName
    {
        Debug = 0x0001, AcceptConnection = 0x0002, ReuseAddress = 0x0004, KeepAlive = 0x0008,
        DontRoute = 0x0010, Broadcast = 0x0020, Linger = 0x0080, OutOfBandInline = 0x0100,
        DontLinger = ~Linger, ExclusiveAddressUse = ~ReuseAddress, SendBuffer = 0x1001,
        ReceiveBuffer = 0x1002, SendLowWater = 0x1003, ReceiveLowWater = 0x1004, SendTimeout = 0x1005,
        ReceiveTimeout = 0x1006, Error = 0x1007, Type = 0x1008, MaxConnections = 0x7fffffff,
        IPOptions = 1, HeaderIncluded = 2, TypeOfService = 3, IpTimeToLive = 4, MulticastInterface = 9,
        MulticastTimeToLive = 10, MulticastLoopback = 11, AddMembership = 12, DropMembership = 13,
        DontFragment = 14, NoDelay = 1, Expedited = 2, NoChecksum = 1, ChecksumCoverage = 20,
    }

    // WinSock numbers (spec section 2).
    public enum SocketError
    {
        Success = 0, SocketError = -1, Interrupted = 10004, AccessDenied = 10013, Fault = 10014,
        InvalidArgument = 10022, TooManyOpenSockets = 10024, WouldBlock = 10035, InProgress = 10036,
        AlreadyInProgress = 10037, NotSocket = 10038, DestinationAddressRequired = 10039,
        MessageSize = 10040, ProtocolType = 10041, AddressAlreadyInUse = 10048,
        AddressNotAvailable = 10049, NetworkDown = 10050, NetworkUnreachable = 10051,
        NetworkReset = 10052, ConnectionAborted = 10053, ConnectionReset = 10054, NoBufferSpaceAvailable = 10055,
        IsConnected = 10056, NotConnected = 10057, Shutdown = 10058, TimedOut = 10060,
        ConnectionRefused = 10061, HostDown = 10064, HostUnreachable = 10065, HostNotFound = 11001,
        TryAgain = 11002, NoRecovery = 11003, NoData = 11004,
    }

    // Only ErrorCode (int); no SocketErrorCode property (spec section 2).
    public class SocketException : Exception
    {
        public SocketException(SocketError errorCode) { }
        public int ErrorCode => throw null;
    }

    public class Socket : IDisposable
    {
        public Socket(AddressFamily addressFamily, SocketType socketType, ProtocolType protocolType) { }
        public int Available => throw null;
        public EndPoint LocalEndPoint => throw null;
        public EndPoint RemoteEndPoint => throw null;
        public int ReceiveTimeout { get => throw null; set { } }
        public int SendTimeout { get => throw null; set { } }
        public SocketType SocketType => throw null;
        public void Bind(EndPoint localEP) => throw null;
        public void Connect(EndPoint remoteEP) => throw null;
        public void Close() => throw null;
        public void Listen(int backlog) => throw null;
        public Socket Accept() => throw null;
        public int Send(byte[] buffer) => throw null;
        public int Send(byte[] buffer, SocketFlags socketFlags) => throw null;
        public int Send(byte[] buffer, int size, SocketFlags socketFlags) => throw null;
        public int Send(byte[] buffer, int offset, int size, SocketFlags socketFlags) => throw null;
        public int SendTo(byte[] buffer, EndPoint remoteEP) => throw null;
        public int SendTo(byte[] buffer, SocketFlags socketFlags, EndPoint remoteEP) => throw null;
        public int SendTo(byte[] buffer, int size, SocketFlags socketFlags, EndPoint remoteEP) => throw null;
        public int SendTo(byte[] buffer, int offset, int size, SocketFlags socketFlags, EndPoint remoteEP) => throw null;
        public int Receive(byte[] buffer) => throw null;
        public int Receive(byte[] buffer, SocketFlags socketFlags) => throw null;
        public int Receive(byte[] buffer, int size, SocketFlags socketFlags) => throw null;
        public int Receive(byte[] buffer, int offset, int size, SocketFlags socketFlags) => throw null;
        public int ReceiveFrom(byte[] buffer, ref EndPoint remoteEP) => throw null;
        public int ReceiveFrom(byte[] buffer, SocketFlags socketFlags, ref EndPoint remoteEP) => throw null;
        public int ReceiveFrom(byte[] buffer, int size, SocketFlags socketFlags, ref EndPoint remoteEP) => throw null;
        public int ReceiveFrom(byte[] buffer, int offset, int size, SocketFlags socketFlags, ref EndPoint remoteEP) => throw null;
        public bool Poll(int microSeconds, SelectMode mode) => throw null;
        public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, int optionValue) => throw null;
        public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, bool optionValue) => throw null;
        public void SetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, byte[] optionValue) => throw null;
        public object GetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName) => throw null;
        public void GetSocketOption(SocketOptionLevel optionLevel, SocketOptionName optionName, byte[] val) => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
        void IDisposable.Dispose() => throw null;
    }
}

namespace System.Net.NetworkInformation
{
    public enum NetworkInterfaceType { Unknown = 1, Ethernet = 6, Wireless80211 = 71, WirelessAP = 72 }

    public class NetworkInterface
    {
        public static NetworkInterface[] GetAllNetworkInterfaces() => throw null;
        public byte[] PhysicalAddress { get => throw null; set { } }
        public string IPv4Address => throw null;
        public string IPv4GatewayAddress => throw null;
        public string IPv4SubnetMask => throw null;
        public bool IsDhcpEnabled => throw null;
        public NetworkInterfaceType NetworkInterfaceType => throw null;
        public uint SpecificConfigId => throw null;
        public void EnableDhcp() => throw null;
        public void EnableStaticIPv4(string ipv4Address, string ipv4SubnetMask, string ipv4GatewayAddress) => throw null;
    }
}

namespace nanoFramework.Networking
{
    public enum NetworkHelperStatus
    {
        // Order as in System.Net NetworkHelperStatus.cs (implicit values). Newer System.Net adds Reconnecting
        // before ExceptionOccurred; not declared here (not confirmed for 1.11.60).
        None, Started, NetworkIsReady, FailedNoNetworkInterface, TokenExpiredWaitingIPAddress,
        TokenExpiredWaitingDateTime, ErrorConnetingToWiFiWhileScanning, ExceptionOccurred,
    }

    public class IPConfiguration
    {
        public IPConfiguration(string ipv4Address, string ipv4SubnetMask, string ipv4GatewayAddress, string[] ipv4DNSAddresses = null) { }
        public string IPAddress { get => throw null; set { } }
        public string IPSubnetMask { get => throw null; set { } }
        public string IPGatewayAddress { get => throw null; set { } }
        public string[] IPDns { get => throw null; set { } }
    }

    // Uses the Wi-Fi/Ethernet configuration already stored on the device (spec section 3).
    public static class NetworkHelper
    {
        public static ManualResetEvent NetworkReady => throw null;
        public static NetworkHelperStatus Status => throw null;
        public static System.Exception HelperException => throw null;
        public static bool SetupAndConnectNetwork(CancellationToken token = default, bool requiresDateTime = false) => throw null;
        public static bool SetupAndConnectNetwork(IPConfiguration ipConfiguration, CancellationToken token = default, bool requiresDateTime = false) => throw null;
        public static void SetupNetworkHelper(bool requiresDateTime = false) => throw null;
        public static void ResetInstance() => throw null;
    }
}
