// refs: mscorlib System.Threading
// expect: FAIL Task
using System.Threading.Tasks;

internal static class Fixture
{
    internal static async Task<int> Later()
    {
        await Task.Delay(1);
        return 1;
    }
}
