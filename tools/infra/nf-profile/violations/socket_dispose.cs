// refs: mscorlib System.Net
// expect: FAIL Dispose
using System.Net.Sockets;

internal static class Fixture
{
    internal static void Drop(Socket s) => s.Dispose();
}
