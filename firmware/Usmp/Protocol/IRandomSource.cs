// Where every random byte of the protocol comes from (ephemeral keys are separate: native).
// The default reads the native CSPRNG (esp_fill_random on the device, the OS on a PC);
// tests inject a fixed source to reproduce the reference transcripts.
using Usmp.Native;

namespace Usmp
{
    public interface IRandomSource
    {
        /// <summary>Fills buffer[offset..offset+count) with random bytes.</summary>
        void GetBytes(byte[] buffer, int offset, int count);
    }

    /// <summary>The native CSPRNG (UsmpCrypto.FillRandom). Never System.Random (spec/nanoframework.md §4).</summary>
    public sealed class NativeRandomSource : IRandomSource
    {
        public void GetBytes(byte[] buffer, int offset, int count)
        {
            UsmpCrypto.FillRandom(buffer, offset, count);
        }
    }
}
