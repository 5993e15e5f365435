using System.CommandLine;
using BetterTogether.Cli.Bench;
using BetterTogether.Cli.Optimize;
using BetterTogether.Cli.Pretrain;

var root = new RootCommand("bt: optimize LM programs' prompts and weights together (BetterTogether).");
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(OptimizeCommand.Create());
root.Subcommands.Add(BetterTogether.Cli.PaperTable.PaperTableCommand.Create());
root.Subcommands.Add(PretrainCommand.Create());
root.Subcommands.Add(QualityGateCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
