// refs: mscorlib
// expect: FAIL 'Linq' does not exist
using System.Linq;

internal static class Fixture
{
    internal static int Sum(int[] a) => a.Sum();
}
