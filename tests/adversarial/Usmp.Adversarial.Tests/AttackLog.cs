// Cases tried per attack class, appended to $USMP_ADVERSARIAL_COUNTS (one "class<TAB>n" line per
// case) so tests/adversarial/run.sh can print the table; also kept in memory.
using System.Collections.Concurrent;

namespace Usmp.Adversarial.Tests;

public static class AttackLog
{
    private static readonly object Sync = new();
    public static ConcurrentDictionary<string, int> Counts { get; } = new();

    public static void Tried(string attackClass, int n = 1)
    {
        Counts.AddOrUpdate(attackClass, n, (_, c) => c + n);
        string? path = Environment.GetEnvironmentVariable("USMP_ADVERSARIAL_COUNTS");
        if (string.IsNullOrEmpty(path)) return;
        lock (Sync) File.AppendAllText(path, $"{attackClass}\t{n}\n");
    }
}
