// What every verb says when something goes wrong: ONE line on stderr that says what was wrong,
// names the endpoint or file, and what to do; never a stack trace, a .NET type name or a raw errno.
// Exit codes: 2 = the command line is wrong (usage), 1 = it could not do its job (runtime);
// `conformance` adds 3 = the gateway failed rows.
using System.Net;
using System.Net.Sockets;
using Usmp;

namespace Usmp.Cli.Commands;

internal sealed class CliError(string message, int exitCode) : Exception(message)
{
    public const int Usage = 2, Runtime = 1;
    public int ExitCode { get; } = exitCode;

    public static CliError BadUsage(string message) => new(message, Usage);
    public static CliError Failed(string message) => new(message, Runtime);

    /// <summary>One line for a failure talking to a gateway: what happened at which endpoint, and what to try.</summary>
    public static string Describe(Exception e, string transport, IPEndPoint ep)
    {
        string at = $"{transport} {ep}";
        var socket = Find<SocketException>(e);
        if (socket != null)
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"nothing is listening on {at} (connection refused): start the gateway, or check the host and port",
                SocketError.TimedOut => $"{at} did not answer in time: check the address, and that no firewall drops the packets",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => $"{at} is unreachable from here: check the address and the route",
                SocketError.AddressNotAvailable => $"cannot reach {at} from this machine's addresses: check the address",
                SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted =>
                    $"the gateway at {at} closed the connection: it refused us (wrong PSK or device id, or this IP is locked out or over its connection limit), or it stopped",
                _ => $"network error talking to {at} ({socket.SocketErrorCode}): check the address and that the gateway runs",
            };
        return e switch
        {
            AuthenticationException => $"the gateway at {at} failed its proof (SESSION_OK): its PSK for this device differs from ours; check --psk/--psk-file",
            ConnectionClosedException => $"the gateway at {at} closed the session: a wrong PSK or unknown device id, this IP locked out or over its limit, or a protocol error; check the gateway's log",
            UsmpTimeoutException when transport == "udp" => $"no answer from {at} in time: is a USMP gateway listening there on UDP? (over UDP a wrong PSK, a locked-out IP or a full gateway are silent too)",
            UsmpTimeoutException => $"{at} did not answer in time: is it a USMP gateway on TCP?",
            HandshakeException => $"handshake with {at} failed: {e.Message}; is it a USMP v2 gateway, with this device's PSK?",
            UsmpException or IOException => $"session with {at} failed: {Plain(e.Message)}",
            _ => $"unexpected failure with {at}: {Plain(e.Message)}",
        };
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e != null; e = e.InnerException) if (e is T t) return t;
        return null;
    }

    // The firmware's messages may end in "socket error N"; the endpoint and the advice above replace it.
    private static string Plain(string m) => System.Text.RegularExpressions.Regex.Replace(m, @":? ?socket error -?\d+", "").Trim();
}
