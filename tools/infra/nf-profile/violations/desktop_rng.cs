// refs: mscorlib
// expect: FAIL 'Security' does not exist
using System.Security.Cryptography;

internal static class Fixture
{
    internal static void Fill(byte[] b) => RandomNumberGenerator.Fill(b);
}
