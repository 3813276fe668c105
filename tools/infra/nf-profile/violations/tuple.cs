// refs: mscorlib
// expect: FAIL ValueTuple
internal static class Fixture
{
    internal static (int, int) Pair() => (1, 2);
}
