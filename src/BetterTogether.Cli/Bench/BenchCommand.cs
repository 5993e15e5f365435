using System.CommandLine;
using Spectre.Console;

namespace BetterTogether.Cli.Bench;

/// <summary>The <c>bt bench</c> subcommand: runs every <see cref="IBenchmarkSection"/> and prints its table.</summary>
internal static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Fewer shapes and repetitions (a smoke run)." };
        var threads = new Option<int>("--threads")
        {
            Description = "Threads for the engine's kernels and for OpenBLAS (default: processor count).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--threads must be at least 1.");
            }
        });

        var command = new Command("bench", "Benchmark the engine: GEMM against OpenBLAS, side by side.");
        command.Options.Add(quick);
        command.Options.Add(threads);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = new BenchOptions(parseResult.GetValue(quick), parseResult.GetValue(threads));
            var console = AnsiConsole.Console;

            // Redirected output defaults to 80 columns, which wraps the tables.
            console.Profile.Width = Math.Max(console.Profile.Width, 132);
            foreach (var section in BenchmarkSections.All)
            {
                console.Write(new Rule(Markup.Escape(section.Title)).LeftJustified());
                section.Run(options, console, cancellationToken);
            }

            return Task.FromResult(0);
        });
        return command;
    }
}
