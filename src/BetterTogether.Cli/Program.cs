using System.CommandLine;
using BetterTogether.Cli.Bench;

var root = new RootCommand("bt: optimize LM programs' prompts and weights together (BetterTogether).");
root.Subcommands.Add(BenchCommand.Create());
return root.Parse(args).Invoke();
