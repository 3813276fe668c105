// refs: mscorlib
// expect: FAIL multidimensional
internal static class Fixture
{
    internal static int Grid()
    {
        int[,] g = new int[2, 2];
        g[1, 1] = 4;
        return g[1, 1];
    }
}
