// nanoFramework.System.Net.Sockets.UdpClient (spec section 2): Receive fills the caller's buffer and
// returns a count (differs from .NET, which returns a new byte[]).
namespace System.Net.Sockets
{
    public class UdpClient : IDisposable
    {
        public UdpClient() { }
        public UdpClient(int port) { }
        public UdpClient(IPEndPoint localEP) { }
        public UdpClient(string hostname, int port) { }
        public int Available => throw null;
        public Socket Client { get => throw null; set { } }
        public bool EnableBroadcast { get => throw null; set { } }
        public short Ttl { get => throw null; set { } }
        public void Connect(IPEndPoint endPoint) => throw null;
        public void Connect(IPAddress addr, int port) => throw null;
        public void Connect(string hostname, int port) => throw null;
        public int Send(byte[] dgram) => throw null;
        public int Send(byte[] dgram, IPEndPoint endPoint) => throw null;
        public int Send(byte[] dgram, int offset, int size) => throw null;
        public int Send(byte[] dgram, int offset, int size, IPEndPoint endPoint) => throw null;
        public int Receive(byte[] buffer, ref IPEndPoint remoteEP) => throw null;
        public int Receive(byte[] buffer, int offset, int size, ref IPEndPoint remoteEP) => throw null;
        public void JoinMulticastGroup(IPAddress multicastAddr) => throw null;
        public void DropMulticastGroup(IPAddress multicastAddr) => throw null;
        public void Close() => throw null;
        public void Dispose() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
    }
}
