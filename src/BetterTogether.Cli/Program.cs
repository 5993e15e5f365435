using System.CommandLine;
using BetterTogether.Cli.Bench;
using BetterTogether.Cli.Optimize;
using BetterTogether.Cli.PaperTable;
using BetterTogether.Cli.Pretrain;
using BetterTogether.Cli.Serve;
using BetterTogether.Cli.Telemetry;

var root = new RootCommand("bt: optimize LM programs' prompts and weights together (BetterTogether).");
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(OptimizeCommand.Create());
root.Subcommands.Add(PaperTableCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(PretrainCommand.Create());
root.Subcommands.Add(QualityGateCommand.Create());
root.Options.Add(TelemetryExport.ConsoleOption);

var parse = root.Parse(args);
using var telemetry = TelemetryExport.Start(parse.GetValue(TelemetryExport.ConsoleOption), Environment.GetEnvironmentVariable);
return await parse.InvokeAsync().ConfigureAwait(false);
