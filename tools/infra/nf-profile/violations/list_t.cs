// refs: mscorlib
// expect: FAIL 'Generic' does not exist
using System.Collections.Generic;

internal static class Fixture
{
    internal static int Count()
    {
        List<int> l = new List<int>();
        l.Add(1);
        return l.Count;
    }
}
