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

        var only = new Option<string[]>("--only")
        {
            Description = "Run only the sections whose title contains one of these words (e.g. GEMM, LoRA, Generation).",
            AllowMultipleArgumentsPerToken = true,
        };

        var command = new Command("bench", "Benchmark the engine side by side: GEMM against OpenBLAS, LoRA training against PyTorch CPU, generation tokens/s.");
        command.Options.Add(quick);
        command.Options.Add(threads);
        command.Options.Add(only);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = new BenchOptions(parseResult.GetValue(quick), parseResult.GetValue(threads));
            var console = CliConsole.Create();

            // Redirected output defaults to 80 columns, which wraps the tables.
            console.Profile.Width = Math.Max(console.Profile.Width, 132);
            var filters = parseResult.GetValue(only) ?? [];
            foreach (var section in BenchmarkSections.All.Where(s => filters.Length == 0 || filters.Any(f => s.Title.Contains(f, StringComparison.OrdinalIgnoreCase))))
            {
                console.Write(new Rule(Markup.Escape(section.Title)).LeftJustified());
                section.Run(options, console, cancellationToken);
            }

            return Task.FromResult(0);
        });
        return command;
    }
}
