// `usmp`: the USMP host tool. One verb per file (Commands/*.cs); each has --help.
using System.CommandLine;
using Usmp.Cli.Commands;

var root = new RootCommand("USMP wire v2 host tool: a gateway, a device client, a demo, a conformance battery and a benchmark.")
{
    GatewayCommand.Create(),
    DeviceCommand.Create(),
    DemoCommand.Create(),
    ConformanceCommand.Create(),
    BenchCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
