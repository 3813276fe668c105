// refs: mscorlib
// expect: FAIL CS0227: Unsafe code
// also-verify-unsafe: pointer type
internal static class Fixture
{
    internal static unsafe int Peek(byte[] a)
    {
        fixed (byte* p = a)
        {
            return *p;
        }
    }
}
