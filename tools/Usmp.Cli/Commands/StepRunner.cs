// A live trace of named steps with timings, then a summary table. Used by demo and conformance.
using System.Diagnostics;

namespace Usmp.Cli.Commands;

internal sealed class StepRunner(TextWriter output)
{
    public sealed record Step(string Transport, string Name, bool Ok, double Ms, string Detail);

    private readonly List<Step> _steps = new();
    public IReadOnlyList<Step> Steps => _steps;
    public int Failures => _steps.Count(s => !s.Ok);

    /// <summary>Runs one step; it passes when the action returns a detail string without throwing.</summary>
    public bool Run(string transport, string name, Func<string> action)
    {
        var sw = Stopwatch.StartNew();
        string detail;
        bool ok;
        try { detail = action(); ok = true; }
        catch (StepFailed e) { detail = e.Message; ok = false; }
        catch (Exception e) { detail = e.Message; ok = false; }
        double ms = sw.Elapsed.TotalMilliseconds;
        _steps.Add(new Step(transport, name, ok, ms, detail));
        output.WriteLine($"[{transport,-3}] {(ok ? "ok  " : "FAIL")} {name,-38} {ms,8:F1} ms  {detail}");
        return ok;
    }

    public void PrintSummary(string title)
    {
        output.WriteLine();
        output.WriteLine(title);
        output.WriteLine($"{"transport",-9} | {"step",-38} | {"result",-6} | {"ms",8}");
        output.WriteLine(new string('-', 9) + "-+-" + new string('-', 38) + "-+-" + new string('-', 6) + "-+-" + new string('-', 8));
        foreach (var s in _steps)
            output.WriteLine($"{s.Transport,-9} | {s.Name,-38} | {(s.Ok ? "pass" : "FAIL"),-6} | {s.Ms,8:F1}");
        output.WriteLine($"{_steps.Count - Failures} passed, {Failures} failed");
    }
}

/// <summary>A step's own verdict: the step ran but the gateway did the wrong thing.</summary>
internal sealed class StepFailed(string message) : Exception(message);
