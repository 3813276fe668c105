// `usmp`: the USMP host tool. One verb per file (Commands/*.cs); each has --help.
// Errors: a wrong command line is one line on stderr and exit 2; a failure while running is one
// line and exit 1 (CliError); `conformance` also uses 3 (rows failed). Never a stack trace.
using System.CommandLine;
using Usmp.Cli.Commands;

var root = new RootCommand("USMP wire v2 host tool: a gateway, a device, a demo, the conformance battery, a load generator and a benchmark.\n" +
                           "Exit codes: 0 ok; 1 runtime failure; 2 usage error; conformance: 3 = some row failed.")
{
    GatewayCommand.Create(),
    DeviceCommand.Create(),
    DemoCommand.Create(),
    ConformanceCommand.Create(),
    LoadCommand.Create(),
    BenchCommand.Create(),
};
root.HelpName = "usmp";
return await Cli.RunAsync(root, args);
