// The gateway as a child process for `bench` and `load` (when they start their own): `usmp gateway
// --quiet --dev-psk --exit-with-parent` on a free loopback port; its CPU and RSS from /proc. The child
// watches its parent and exits when the parent is gone, even after a SIGKILL (GatewayCommand).
using System.Diagnostics;
using System.Net;

namespace Usmp.Cli.Commands;

/// <summary>utime + stime of a whole process (every thread, exited ones included) from /proc/&lt;pid&gt;/stat.</summary>
internal sealed class ProcessCpu(int pid)
{
    public static ProcessCpu Self { get; } = new(Environment.ProcessId);

    public double Seconds()
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(f[11]) + long.Parse(f[12])) / 100.0; // fields 14 and 15, USER_HZ = 100 on Linux
    }
}

/// <summary>`usmp gateway --quiet` as a child process; CPU and RSS read from /proc.</summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;
    public IPEndPoint Endpoint { get; }
    public int Pid => _process.Id;
    public ProcessCpu Cpu { get; }

    private GatewayProcess(Process p, IPEndPoint ep) { _process = p; Endpoint = ep; Cpu = new ProcessCpu(p.Id); }

    public static GatewayProcess Start(bool udp)
    {
        string self = typeof(GatewayProcess).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in new[] { self, "gateway", udp ? "--udp" : "--tcp", "0", "--bind", "127.0.0.1", "--quiet", "--dev-psk",
                     "--max-connections", "100000", "--max-per-ip", "100000",
                     "--udp-handshakes-per-ip", "100000", "--cookie-rate", "1000000", "--cookie-budget", "1000000", "--exit-with-parent" })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw CliError.Failed("could not start the gateway child process (dotnet)");
        p.ErrorDataReceived += (_, e) => { if (e.Data != null && !e.Data.StartsWith("warning: --dev-psk")) Console.Error.WriteLine($"  [gateway] {e.Data}"); };
        p.BeginErrorReadLine();
        string? line;
        while ((line = p.StandardOutput.ReadLine()) != null && !line.StartsWith("READY ")) { }
        if (line == null) throw CliError.Failed("the gateway child exited before its READY line; run `usmp gateway --tcp 0 --dev-psk` to see why");
        // Keep draining stdout (warnings) so a full pipe never stalls the gateway.
        new Thread(() => { string? l; while ((l = p.StandardOutput.ReadLine()) != null) Console.Error.WriteLine($"  [gateway] {l}"); }) { IsBackground = true }.Start();
        var fields = line.Split(' ').Skip(1).Select(f => f.Split('=')).ToDictionary(f => f[0], f => int.Parse(f[1]));
        return new GatewayProcess(p, new IPEndPoint(IPAddress.Loopback, udp ? fields["udp"] : fields["tcp"]));
    }

    /// <summary>VmRSS of the child in KiB (/proc/pid/status).</summary>
    public long RssKiB()
    {
        foreach (string l in File.ReadLines($"/proc/{Pid}/status"))
            if (l.StartsWith("VmRSS:")) return long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return 0;
    }

    public void Dispose()
    {
        try { _process.Kill(); _process.WaitForExit(5000); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
