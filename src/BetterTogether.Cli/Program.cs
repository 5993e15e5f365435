using System.CommandLine;
using BetterTogether.Cli.Bench;
using BetterTogether.Cli.Serve;

var root = new RootCommand("bt: optimize LM programs' prompts and weights together (BetterTogether).");
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
return root.Parse(args).Invoke();
