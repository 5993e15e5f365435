using System.CommandLine;
using BetterTogether.Cli.Bench;
using BetterTogether.Cli.Pretrain;
using BetterTogether.Cli.Serve;

var root = new RootCommand("bt: optimize LM programs' prompts and weights together (BetterTogether).");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(PretrainCommand.Create());
root.Subcommands.Add(QualityGateCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
return root.Parse(args).Invoke();
