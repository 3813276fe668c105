using System.CommandLine;
namespace Usmp.Cli.Commands;
internal static class DemoCommand
{
    public static Command Create() => new Command("demo", "TODO");
}
