// THE list of per-frame roots: the methods a device calls for every frame after the handshake
// (spelled as MethodNames.Of spells them). The analyzer (PerFrameAnalyzer) walks everything they
// reach in Usmp.dll and Usmp.Native.dll; tests/perframe fails when a root no longer exists, so a
// rename cannot silently shrink the walk. Edit here only.
namespace Usmp.Bench.Instruments
{
    public static class PerFrameRoots
    {
        public static readonly string[] Client =
        {
            // Messages in and out, TCP and UDP (the transport is reached through IFrameTransport).
            "Usmp.UsmpClient::Send(Byte[])",
            "Usmp.UsmpClient::Send(Byte[],Int32,Int32)",
            "Usmp.UsmpClient::Receive(Byte[],Int32,Int32)",
            "Usmp.UsmpClient::TryReceive(Byte[],Int32,Int32,Int32&)",
            "Usmp.UsmpClient::TryReceive(Byte[],Int32,Int32,Int32&,Boolean&)",
            // The device transports, named too so the walk does not depend on interface resolution.
            "Usmp.TcpTransport::SendFrame(Byte[],Int32,Int32)",
            "Usmp.TcpTransport::ReceiveFrame(Byte[],Int32,Int32)",
            "Usmp.TcpTransport::ReceiveFrame(Int32,Byte[]&,Int32&)",   // in place (IInPlaceFrameSource)
            // UDP: the stop-and-wait send (waits for and checks the UTACK), the receive that queues
            // and acknowledges, and the session's UTACK paths.
            "Usmp.UdpTransport::SendFrame(Byte[],Int32,Int32)",
            "Usmp.UdpTransport::ReceiveFrame(Byte[],Int32,Int32)",
            "Usmp.UdpTransport::ReceiveFrame(Int32,Byte[]&,Int32&)",   // in place (IInPlaceFrameSource)
            "Usmp.UdpTransport::SendUtack(Byte[],Int32,Int32)",
            "Usmp.SocketDatagramLink::Send(Byte[],Int32,Int32)",
            "Usmp.SocketDatagramLink::Receive(Byte[],Int32,Int32,Int32)",
            "Usmp.Session::UtackMatches(Byte[],Int32,Int32,Byte,UInt32,UInt32)",   // a receipt for any frame (the gateway's ARQ)
            "Usmp.Session::UtackMatches(Byte[],Int32,Int32,Byte,UInt32)",          // for the frame in flight (UdpTransport's ARQ)
            "Usmp.Session::PreAcknowledge(Byte[],Int32,Int32,Byte[],Int32)",
        };

        // Types in Usmp.dll the walk does not enter: test doubles that no device uses per frame
        // (InMemoryTransport & co are moving to a test-support project), and the host-only twin of
        // the native interop (CryptoNative is InternalCall on the device: a native call, not code).
        public static readonly string[] NotDeviceCode =
        {
            "Usmp.InMemoryTransport",
            "Usmp.InMemoryPipe",
            "Usmp.InMemoryDatagramLink",
            "Usmp.Native.CryptoNative",
            "Usmp.Native.NativeCallStats",
        };
    }
}
