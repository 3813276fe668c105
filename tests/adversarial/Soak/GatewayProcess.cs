// The gateway as a child process: `tools/usmp gateway ...`, whose launcher execs dotnet, so the
// READY line's pid is the process to kill -9. Restart binds the same ports (retried while the old
// sockets are released).
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Usmp.Soak;

public sealed class GatewayProcess : IDisposable
{
    private readonly string _launcher;
    private Process? _process;
    public int TcpPort { get; private set; }
    public int UdpPort { get; private set; }
    public int Pid { get; private set; }
    public bool KilledOnPurpose { get; private set; }
    public int UnexpectedExits;

    public GatewayProcess(string launcher) { _launcher = launcher; }

    public void Start(int tcpPort, int udpPort, TimeSpan readyWithin)
    {
        var deadline = DateTime.UtcNow + readyWithin;
        while (true)
        {
            if (TryStart(tcpPort, udpPort, deadline)) return;
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException("gateway did not become READY");
            Thread.Sleep(500);
        }
    }

    private bool TryStart(int tcpPort, int udpPort, DateTime deadline)
    {
        var psi = new ProcessStartInfo(_launcher)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in new[] { "gateway", "--tcp", tcpPort.ToString(), "--udp", udpPort.ToString(), "--bind", "127.0.0.1",
                     "--dev-psk", "--quiet", "--max-connections", "100000", "--max-per-ip", "100000", "--udp-handshakes-per-ip", "100000",
                     "--cookie-rate", "100000", "--session-timeout", "120" })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var ready = new TaskCompletionSource<string>();
        p.OutputDataReceived += (_, e) => { if (e.Data?.StartsWith("READY") == true) ready.TrySetResult(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null && Environment.GetEnvironmentVariable("USMP_SOAK_VERBOSE") == "1") Console.Error.WriteLine("[gateway] " + e.Data); };
        p.EnableRaisingEvents = true;
        p.Exited += (_, _) => { ready.TrySetResult(""); if (!KilledOnPurpose) Interlocked.Increment(ref UnexpectedExits); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var left = deadline - DateTime.UtcNow;
        if (!ready.Task.Wait(left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1)) || ready.Task.Result == "")
        {
            try { p.Kill(true); } catch { }
            if (!KilledOnPurpose) Interlocked.Exchange(ref UnexpectedExits, Math.Max(0, UnexpectedExits - 1)); // a failed bind is not a crash
            return false;
        }
        var m = Regex.Match(ready.Task.Result, @"tcp=(\d+) udp=(\d+) pid=(\d+)");
        TcpPort = int.Parse(m.Groups[1].Value); UdpPort = int.Parse(m.Groups[2].Value); Pid = int.Parse(m.Groups[3].Value);
        _process = p;
        KilledOnPurpose = false;
        return true;
    }

    /// <summary>kill -9: no graceful anything.</summary>
    public void Kill9()
    {
        KilledOnPurpose = true;
        Process.Start("kill", new[] { "-9", Pid.ToString() })!.WaitForExit();
        _process?.WaitForExit(10000);
    }

    /// <summary>Resident set size of the gateway, from /proc/PID/status (VmRSS, kB); -1 if gone.</summary>
    public long RssKb()
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{Pid}/status"))
                if (line.StartsWith("VmRSS:")) return long.Parse(Regex.Match(line, @"\d+").Value);
        }
        catch (IOException) { }
        return -1;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } p)
        {
            KilledOnPurpose = true;
            Process.Start("kill", new[] { "-TERM", Pid.ToString() })!.WaitForExit();
            if (!p.WaitForExit(5000)) p.Kill(true);
        }
    }
}
