// refs: mscorlib
// expect: FAIL Span<>
using System;

internal static class Fixture
{
    internal static int First(byte[] a)
    {
        Span<byte> s = a;
        return s[0];
    }
}
