// refs: mscorlib
// expect: FAIL generic method definition Fixture.Pick
internal static class Fixture
{
    internal static T Pick<T>(bool first, T a, T b) => first ? a : b;

    internal static int Use() => Pick(true, 1, 2);
}
