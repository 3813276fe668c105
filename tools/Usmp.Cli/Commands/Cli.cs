// The one place that turns a command line into an exit code: parse errors become one line and
// exit 2; CliError its own line and code; anything unexpected one line and exit 1.
using System.CommandLine;

namespace Usmp.Cli.Commands;

internal static class Cli
{
    // The parser's own messages name .NET types ("as expected type 'System.Nullable`1[System.Int32]'"): say it plainly.
    private static string Readable(string m)
    {
        var typed = System.Text.RegularExpressions.Regex.Match(m, @"Cannot parse argument '(.*)' for (?:option|argument) '(.*)' as expected type '.*'");
        if (typed.Success) return $"{typed.Groups[2].Value} `{typed.Groups[1].Value}`: not a valid value (a number is expected)";
        return m.TrimEnd('.');
    }

    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? err = null)
    {
        err ??= Console.Error;
        ParseResult parse = root.Parse(args);
        if (args.Length > 0 && !args[0].StartsWith('-') && root.Subcommands.All(c => c.Name != args[0]))
        {
            err.WriteLine($"usmp: unknown verb `{args[0]}`; the verbs are {string.Join(", ", root.Subcommands.Select(c => c.Name))}; see usmp --help");
            return CliError.Usage;
        }
        if (parse.Errors.Count > 0)
        {
            string verb = parse.CommandResult.Command == root ? "usmp" : $"usmp {parse.CommandResult.Command.Name}";
            err.WriteLine($"{verb}: {Readable(parse.Errors[0].Message)}; see {verb} --help");
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
