using System.CommandLine;
namespace Usmp.Cli.Commands;
internal static class BenchCommand
{
    public static Command Create() => new Command("bench", "TODO");
}
