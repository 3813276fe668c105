// Runs the rows in order against one transport of a gateway: each row after the ones it needs,
// with a live line per row, and the results for the reports.
using System.Diagnostics;

namespace Usmp.Cli.Conformance;

internal static class Battery
{
    public static IReadOnlyList<Row> Rows(bool udp) =>
        [.. new[] { HandshakeRows.All(), FrameRows.All(), SequenceRows.All(), MessageRows.All(), UdpRows.All(), LimitRows.All() }
            .SelectMany(r => r).Where(r => r.On.HasFlag(udp ? On.Udp : On.Tcp))];

    /// <summary>Refuses an --only entry that selects no row (for either transport).</summary>
    public static void CheckOnly(IReadOnlyCollection<string> only)
    {
        var all = Rows(false).Concat(Rows(true)).ToList();
        foreach (string o in only)
            if (!all.Any(r => Matches(r, o)))
                throw new Commands.CliError($"--only {o} selects no row: give row ids or prefixes (hs. frame. seq. msg. udp. limit.) or sections (§1 ... §9); the table lists the ids", Commands.CliError.Usage);
    }

    private static bool Matches(Row r, string o) => r.Id.StartsWith(o, StringComparison.Ordinal) || r.Section.Split(' ').Contains(o);

    /// <param name="only">row ids or sections to run (prefix match: "msg.", "§7"); null = all. Rows they need run too.</param>
    public static List<RowResult> Run(Target t, TextWriter live, IReadOnlyCollection<string>? only = null)
    {
        var rows = Rows(t.Udp);
        var chosen = only == null ? rows : Closure(rows, rows.Where(r => only.Any(o => Matches(r, o))).ToList());
        var results = new List<RowResult>();
        foreach (var row in chosen)
        {
            var sw = Stopwatch.StartNew();
            Verdict v;
            var needed = row.Needs == null ? null : results.FirstOrDefault(r => r.Id == row.Needs);
            if (needed != null && needed.Outcome is Outcome.Fail or Outcome.Skipped) v = Verdict.Skip($"skipped: needs {row.Needs} ({needed.Outcome.ToString().ToLowerInvariant()})");
            else v = Checks.Guard(row.Body, t);
            var res = new RowResult(row.Id, row.Section, row.Title, t.Transport, v.Outcome, v.Detail, sw.Elapsed.TotalMilliseconds);
            results.Add(res);
            live.WriteLine($"[{t.Transport}] {Report.Word(v.Outcome),-7} {row.Section,-12} {row.Title}: {v.Detail} ({res.Ms / 1000:F1} s)");
            live.Flush();
        }
        return results;
    }

    // The chosen rows plus every row they need, in battery order.
    private static List<Row> Closure(IReadOnlyList<Row> all, List<Row> chosen)
    {
        var ids = new HashSet<string>(chosen.Select(r => r.Id));
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var r in all.Where(r => ids.Contains(r.Id)).ToList())
                if (r.Needs != null && ids.Add(r.Needs)) grew = true;
        }
        return all.Where(r => ids.Contains(r.Id)).ToList();
    }
}
