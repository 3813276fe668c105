// The one place that turns a command line into an exit code: parse errors become one line and
// exit 2; CliError its own line and code; anything unexpected one line and exit 1.
using System.CommandLine;

namespace Usmp.Cli.Commands;

internal static class Cli
{
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? err = null)
    {
        err ??= Console.Error;
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string verb = parse.CommandResult.Command == root ? "usmp" : $"usmp {parse.CommandResult.Command.Name}";
            err.WriteLine($"{verb}: {parse.Errors[0].Message.TrimEnd('.')}; see {verb} --help");
            return CliError.Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliError e)
        {
            err.WriteLine($"usmp {parse.CommandResult.Command.Name}: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            err.WriteLine($"usmp {parse.CommandResult.Command.Name}: unexpected failure: {e.Message} (please report it with the command line)");
            return CliError.Runtime;
        }
    }
}
