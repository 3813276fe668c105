// refs: mscorlib
// expect: FAIL generic instantiation
// A generic delegate declared locally and then used: definition AND instantiation must be reported.
internal delegate T Producer<T>();

internal static class Fixture
{
    internal static int Use()
    {
        Producer<int> p = () => 1;
        return p();
    }
}
