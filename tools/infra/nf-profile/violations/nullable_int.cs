// refs: mscorlib
// expect: FAIL Nullable
internal static class Fixture
{
    internal static int? Maybe(bool b) => b ? 1 : (int?)null;
}
