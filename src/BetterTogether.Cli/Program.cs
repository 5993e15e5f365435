using System.CommandLine;
using BetterTogether.Cli.Bench;
using BetterTogether.Cli.Optimize;

var root = new RootCommand("bt: optimize LM programs' prompts and weights together (BetterTogether).");
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(OptimizeCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
