// Where the I/O-free protocol core writes its frames (a transport, or a test recorder).
namespace Usmp
{
    public interface IFrameSink
    {
        /// <summary>Writes ONE whole frame, buffer[offset..offset+length). The core reuses the buffer after the call returns.</summary>
        void SendFrame(byte[] buffer, int offset, int length);
    }
}
