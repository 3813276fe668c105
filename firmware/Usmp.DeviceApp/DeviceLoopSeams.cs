// The seams between the device loop and the world (the interfaces it talks through), so DeviceLoop runs unchanged on the ESP32
// (EspPlatform, UsmpGatewayConnection over sockets) and in tests (fakes, in-memory transports).
namespace Usmp.DeviceApp
{
    // One USMP session at a time to the gateway (UsmpGatewayConnection wraps UsmpClient).
    public interface IGatewayConnection
    {
        bool IsConnected { get; }

        // One attempt: a fresh transport, the §3 handshake. Throws on failure (typed UsmpException,
        // SocketException, ...), leaving the link closed.
        void Connect();

        void Send(byte[] data, int offset, int count);

        // True with the length when one application message arrived within timeoutMs.
        bool TryReceive(byte[] buffer, int offset, int timeoutMs, out int length);

        void Rekey();

        // Sends a PING when the session has been idle for the keepalive time; true when it did.
        bool KeepaliveTick();

        // Courtesy BYE, keys wiped, transport closed. Never throws; idempotent.
        void Close();
    }

    // Builds the transport of each connection attempt (DNS is resolved again every time).
    public interface ITransportFactory
    {
        IFrameTransport Create();
    }

    // What the loop needs from the board.
    public interface IDevicePlatform
    {
        // Free managed heap in bytes, or -1 when unknown.
        long FreeHeapBytes();

        // True when the network is up (the device re-joins Wi-Fi here if it dropped).
        bool EnsureNetwork();

        void Sleep(int milliseconds);

        // Does not return on the device.
        void Reboot();
    }

    public interface IDeviceLog
    {
        void Write(string line);
    }

    public sealed class ConsoleLog : IDeviceLog
    {
        public void Write(string line)
        {
            System.Console.WriteLine(line);
        }
    }
}
