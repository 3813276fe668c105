// A transport that can hand out a received frame where it already lies in its own buffer, so the
// session opens it from there (no copy into a frame buffer of the client's). TcpTransport and
// UdpTransport implement it; SessionReceiver uses it when the transport has it and falls back to
// IFrameTransport.ReceiveFrame (a copy) otherwise.
namespace Usmp
{
    public interface IInPlaceFrameSource
    {
        // Waits up to timeoutMs for ONE whole frame: returns its length, with the frame at
        // frame[offset..offset+length), valid until the next receive on this transport; or 0 on
        // timeout. Throws as IFrameTransport.ReceiveFrame does.
        int ReceiveFrame(int timeoutMs, out byte[] frame, out int offset);
    }
}
