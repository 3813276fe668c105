// refs: mscorlib
// expect: FAIL 'Stream' does not exist in the namespace 'System.IO'
// System.IO.Stream is NOT in nanoFramework's mscorlib 1.17.11 (it is in nanoFramework.System.IO.Streams).
// Our old mscorlib stand-in declared it, so this compiled; against the real mscorlib.dll it must not.
namespace Fixture
{
    public static class StreamUser
    {
        public static long Size(System.IO.Stream s) => s.Length;
    }
}
