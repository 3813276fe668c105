// The battery's outputs: the table for people, --json for scripts, --junit FILE for CI systems
// (one testcase per row: fail -> <failure>, skipped -> <skipped>, differs and warn -> passed with
// the verdict in system-out, or <failure> for warn under --strict).
using System.Text.Json;
using System.Xml.Linq;

namespace Usmp.Cli.Conformance;

internal static class Report
{
    public static string Word(Outcome o) => o switch
    {
        Outcome.Pass => "pass", Outcome.Fail => "FAIL", Outcome.Skipped => "skipped", Outcome.Differs => "differs", _ => "warn",
    };

    public static bool Failed(RowResult r, bool strict) => r.Outcome == Outcome.Fail || (strict && r.Outcome == Outcome.Warn);

    public static void Table(TextWriter o, string title, IReadOnlyList<RowResult> rows, bool strict)
    {
        o.WriteLine();
        o.WriteLine(title);
        int w = Math.Max(20, rows.Max(r => r.Id.Length));
        o.WriteLine($"{"transport",-9} | {"row".PadRight(w)} | {"section",-16} | {"result",-7} | {"s",5} | detail");
        o.WriteLine($"{new string('-', 9)}-+-{new string('-', w)}-+-{new string('-', 16)}-+-{new string('-', 7)}-+-{new string('-', 5)}-+-------");
        foreach (var r in rows)
            o.WriteLine($"{r.Transport,-9} | {r.Id.PadRight(w)} | {r.Section,-16} | {Word(r.Outcome),-7} | {r.Ms / 1000,5:F1} | {r.Detail}");
        o.WriteLine(Summary(rows, strict));
    }

    public static string Summary(IReadOnlyList<RowResult> rows, bool strict)
    {
        int Count(Outcome x) => rows.Count(r => r.Outcome == x);
        return $"{rows.Count} rows: {Count(Outcome.Pass)} passed, {rows.Count(r => Failed(r, strict))} failed, {Count(Outcome.Skipped)} skipped, " +
               $"{Count(Outcome.Differs)} differ from the reference, {Count(Outcome.Warn)} warnings";
    }

    public static string Json(string target, IReadOnlyList<RowResult> rows, bool strict) => JsonSerializer.Serialize(new
    {
        target,
        passed = rows.Count(r => r.Outcome == Outcome.Pass),
        failed = rows.Count(r => Failed(r, strict)),
        skipped = rows.Count(r => r.Outcome == Outcome.Skipped),
        differs = rows.Count(r => r.Outcome == Outcome.Differs),
        warnings = rows.Count(r => r.Outcome == Outcome.Warn),
        rows = rows.Select(r => new { id = r.Id, transport = r.Transport, section = r.Section, title = r.Title, result = Word(r.Outcome).ToLowerInvariant(), seconds = Math.Round(r.Ms / 1000, 3), detail = r.Detail }),
    }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static XDocument JUnit(string target, IReadOnlyList<RowResult> rows, bool strict)
    {
        var suites = rows.GroupBy(r => r.Transport).Select(g => new XElement("testsuite",
            new XAttribute("name", $"usmp conformance {target}"),
            new XAttribute("tests", g.Count()), new XAttribute("failures", g.Count(r => Failed(r, strict))),
            new XAttribute("skipped", g.Count(r => r.Outcome == Outcome.Skipped)),
            new XAttribute("time", (g.Sum(r => r.Ms) / 1000).ToString("F3", System.Globalization.CultureInfo.InvariantCulture)),
            g.Select(r => new XElement("testcase",
                new XAttribute("classname", $"usmp.{r.Transport}"), new XAttribute("name", $"{r.Id} ({r.Section}) {r.Title}"),
                new XAttribute("time", (r.Ms / 1000).ToString("F3", System.Globalization.CultureInfo.InvariantCulture)),
                Failed(r, strict) ? new XElement("failure", new XAttribute("message", r.Detail)) : null,
                r.Outcome == Outcome.Skipped ? new XElement("skipped", new XAttribute("message", r.Detail)) : null,
                new XElement("system-out", $"{Word(r.Outcome)}: {r.Detail}")))));
        return new XDocument(new XElement("testsuites", suites));
    }
}
