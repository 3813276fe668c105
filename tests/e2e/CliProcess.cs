// The built `usmp` CLI (Usmp.Cli next to the tests) run as a user runs it: a child process with
// its exit code, stdout and stderr lines, a hang guard, and signals (kill -INT/-TERM).
using System.Diagnostics;
using System.Text;

namespace Usmp.EndToEnd.Tests;

internal sealed class CliProcess : IDisposable
{
    private readonly Process _p;
    private readonly StringBuilder _out = new(), _err = new();
    private readonly SemaphoreSlim _lines = new(0);

    public CliProcess(params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Usmp.Cli"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        _p = Process.Start(psi)!;
        _p.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (_out) _out.AppendLine(e.Data); _lines.Release(); } };
        _p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_err) _err.AppendLine(e.Data); };
        _p.BeginOutputReadLine();
        _p.BeginErrorReadLine();
    }

    public int Pid => _p.Id;
    public string Stdout { get { lock (_out) return _out.ToString(); } }
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    public string[] StderrLines { get { lock (_err) return _err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray(); } }

    /// <summary>Runs to the end (killed at the guard); returns the exit code, or null if it hung.</summary>
    public int? Wait(int guardMs = 60000)
    {
        if (!_p.WaitForExit(guardMs)) { _p.Kill(true); return null; }
        _p.WaitForExit();
        return _p.ExitCode;
    }

    /// <summary>Waits until a stdout line contains the text; false at the guard or when the process ended.</summary>
    public bool WaitForLine(string contains, int guardMs = 30000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(guardMs);
        while (DateTime.UtcNow < deadline)
        {
            if (Stdout.Contains(contains)) return true;
            if (_p.HasExited && !_lines.Wait(200)) return Stdout.Contains(contains);
            _lines.Wait(200);
        }
        return false;
    }

    public void Signal(string name) => Process.Start("kill", ["-" + name, _p.Id.ToString()])!.WaitForExit();

    public static (int? Code, string Stdout, string[] Stderr) Run(params string[] args)
    {
        using var p = new CliProcess(args);
        int? code = p.Wait();
        return (code, p.Stdout, p.StderrLines);
    }

    public void Dispose()
    {
        try { if (!_p.HasExited) _p.Kill(true); } catch (InvalidOperationException) { }
        _p.Dispose();
    }
}
