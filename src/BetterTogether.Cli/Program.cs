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
if (parse.Action is System.CommandLine.Invocation.ParseErrorAction parseError)
{
    // Our suggestions count a swap of two letters as one edit (--hepl → --help); the built-in ones did not.
    parseError.ShowTypoCorrections = false;
    foreach (var token in parse.UnmatchedTokens.Where(t => t.StartsWith('-')))
    {
        if (BetterTogether.Cli.TypoSuggestions.For(parse.CommandResult.Command, token) is { Count: > 0 } suggestions)
        {
            await Console.Error.WriteLineAsync($"'{token}' was not matched. Did you mean {string.Join(" or ", suggestions)}?").ConfigureAwait(false);
        }
    }
}

using var telemetry = TelemetryExport.Start(parse.GetValue(TelemetryExport.ConsoleOption), Environment.GetEnvironmentVariable);
return await parse.InvokeAsync().ConfigureAwait(false);
