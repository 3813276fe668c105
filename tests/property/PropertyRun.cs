// Runs one FsCheck property with a stated number of cases and a fixed seed, and records how many
// cases actually ran: one line "property <name>: N cases" to the test output (ITestOutputHelper
// and stdout) and to the ledger file property-cases.txt next to the test assembly, which is
// rewritten after every property with all lines so far (sorted) and the total
// "property cases: N" last. See README.md.
//
// Seed: USMP_PROPERTY_SEED (decimal or 0x-hex), default 0x5EED0002. FsCheck prints the seed of a
// failing run too ("Replay ..."), so a failure can be replayed exactly.
using System.Collections.Concurrent;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Usmp.PropertyTests;

public static class PropertyRun
{
    public const ulong DefaultSeed = 0x5EED0002UL;
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;   // odd, as SplitMix requires

    private static readonly ConcurrentDictionary<string, int> s_cases = new();
    private static readonly object s_fileLock = new();

    public static ulong Seed
    {
        get
        {
            string text = Environment.GetEnvironmentVariable("USMP_PROPERTY_SEED");
            if (string.IsNullOrWhiteSpace(text))
            {
                return DefaultSeed;
            }
            text = text.Trim();
            return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? ulong.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : ulong.Parse(text, CultureInfo.InvariantCulture);
        }
    }

    public static string LedgerPath => Path.Combine(AppContext.BaseDirectory, "property-cases.txt");

    /// <summary>Checks body on `cases` generated values; any exception (an xunit Assert too) falsifies.</summary>
    public static void Check<T>(ITestOutputHelper output, string name, int cases, Gen<T> gen, Action<T> body)
    {
        int ran = 0;
        Property property = Prop.ForAll(Arb.From(gen), (T value) =>
        {
            Interlocked.Increment(ref ran);
            body(value);
        });
        Config config = Config.QuickThrowOnFailure
            .WithMaxTest(cases)
            .WithQuietOnSuccess(true)
            .WithName(name)
            .WithReplay(Seed, Gamma);
        property.Check(config);
        if (ran < cases)
        {
            throw new InvalidOperationException($"property {name}: only {ran} of {cases} cases ran");
        }
        Record(output, name, ran);
    }

    private static void Record(ITestOutputHelper output, string name, int ran)
    {
        string line = $"property {name}: {ran} cases";
        output.WriteLine(line);
        Console.WriteLine(line);
        s_cases[name] = ran;
        lock (s_fileLock)
        {
            var lines = s_cases.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => $"property {kv.Key}: {kv.Value} cases")
                .ToList();
            long total = s_cases.Values.Sum(v => (long)v);
            lines.Add($"property seed: 0x{Seed:X}");
            lines.Add($"property cases: {total}");
            File.WriteAllLines(LedgerPath, lines);
        }
    }

    static PropertyRun()
    {
        // A fresh ledger per test run (this class is loaded once per test process).
        try
        {
            File.Delete(LedgerPath);
        }
        catch (IOException)
        {
        }
    }
}
