// refs: mscorlib
// expect: FAIL Span<>
internal static class Fixture
{
    internal static int Scratch()
    {
        System.Span<byte> b = stackalloc byte[16];
        return b.Length;
    }
}
