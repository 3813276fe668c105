using System.CommandLine;
namespace Usmp.Cli.Commands;
internal static class ConformanceCommand
{
    public static Command Create() => new Command("conformance", "TODO");
}
