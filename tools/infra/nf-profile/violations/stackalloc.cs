// refs: mscorlib
// expect: FAIL CS0227: Unsafe code
// also-verify-unsafe: localloc
internal static class Fixture
{
    internal static unsafe int Scratch()
    {
        byte* b = stackalloc byte[16];
        b[0] = 1;
        return b[0];
    }
}
