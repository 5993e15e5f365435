using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using BetterTogether.Cli.Optimize;
using BetterTogether.Cli.Reports;
using Spectre.Console;

namespace BetterTogether.Cli.PaperTable;

/// <summary>
/// <c>bt paper-table</c>: the paper's grid (vanilla, p, w, p → w, w → p, p → w → p) on the task families with one model over
/// several seeds, each run through the same durable path as <c>bt optimize</c>; writes the table into docs/RESULTS.md.
/// Long-running: not for CI.
/// </summary>
internal static class PaperTableCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var defaults = new OptimizeOptions();
        var tasks = new Option<string>("--tasks") { Description = "Task families, comma-separated.", DefaultValueFactory = _ => "iris,arithmetic,multihop" };
        var seeds = new Option<string>("--seeds") { Description = "Seeds, comma-separated.", DefaultValueFactory = _ => "0,1,2" };
        var model = new Option<string>("--model") { Description = "Local HF model folder.", DefaultValueFactory = _ => defaults.Model };
        var store = new Option<string>("--store") { Description = "Store folder (runs resume from it).", DefaultValueFactory = _ => Path.Combine(".bt", "paper-table") };
        var trainSize = new Option<int>("--train-size") { Description = "Training examples per run.", DefaultValueFactory = _ => defaults.TrainSize };
        var valSize = new Option<int>("--val-size") { Description = "Validation (and test) examples per run.", DefaultValueFactory = _ => defaults.ValSize };
        var candidates = new Option<int>("--candidates") { Description = "Random-search candidates per prompt step.", DefaultValueFactory = _ => defaults.Candidates };
        var epochs = new Option<int>("--epochs") { Description = "LoRA epochs per weight step.", DefaultValueFactory = _ => defaults.Epochs };
        var maxDemos = new Option<int>("--max-demos") { Description = "Demos per predictor.", DefaultValueFactory = _ => defaults.MaxDemos };
        var output = new Option<string>("--output") { Description = "The markdown file the table is written into.", DefaultValueFactory = _ => Path.Combine("docs", "RESULTS.md") };
        var command = new Command("paper-table", "Run the paper's strategy grid over task families and seeds and write the table into docs/RESULTS.md (slow; not for CI).");
        foreach (var option in new Option[] { tasks, seeds, model, store, trainSize, valSize, candidates, epochs, maxDemos, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Create();
            console.Profile.Width = Math.Max(console.Profile.Width, 160);
            var taskList = parse.GetValue(tasks)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            int[] seedList;
            try
            {
                seedList = [.. parse.GetValue(seeds)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            }
            catch (FormatException)
            {
                console.MarkupLine("[red]error:[/] --seeds must be integers separated by commas.");
                return OptimizeRunner.BadInput;
            }

            var template = new OptimizeOptions
            {
                Model = parse.GetValue(model)!,
                Store = parse.GetValue(store)!,
                TrainSize = parse.GetValue(trainSize),
                ValSize = parse.GetValue(valSize),
                Candidates = parse.GetValue(candidates),
                Epochs = parse.GetValue(epochs),
                MaxDemos = parse.GetValue(maxDemos),
            };
            LmSetup lm;
            try
            {
                template.Validate();
                lm = LmSetup.FromModelFolder(template.Model, Environment.CurrentDirectory);
            }
            catch (OptimizeInputException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {CliErrors.Describe(e)}");
                return OptimizeRunner.BadInput;
            }

            using (lm)
            {
                var watch = Stopwatch.StartNew();
                var results = new PaperTableResults();
                var backend = OptimizeBackends.Create(template);
                foreach (var task in taskList)
                {
                    foreach (var seed in seedList)
                    {
                        foreach (var strategy in PaperTableResults.Runs)
                        {
                            var options = template with { Task = task, Seed = seed, Strategy = strategy };
                            var definition = OptimizeTaskFactory.Create(options);
                            var request = new OptimizationRequest(options, definition, RunIds.For(options, definition.Name, lm.RunKey), lm);
                            console.WriteLine($"== {task} seed {seed}: {strategy} (run {request.RunId})");
                            var steps = new Dictionary<string, double?>(StringComparer.Ordinal);
                            try
                            {
                                var outcome = await backend.RunAsync(request, new Progress<StageProgress>(_ => { }), cancellationToken).ConfigureAwait(false);
                                var reported = ReportView.Rows(outcome.Report);
                                foreach (var step in reported)
                                {
                                    steps[step.Strategy] = step.Score;
                                }

                                console.WriteLine(string.Join("  ", reported.Select(s => $"{s.Label()}={ReportView.Format(s.Score)}")));
                            }
                            catch (InvalidOperationException e)
                            {
                                console.WriteLine($"   failed: {e.Message}");
                            }

                            // w -> p also yields vanilla; keep vanilla from the p -> w -> p run only.
                            var rows = strategy == "w -> p" ? new[] { "w", "w -> p" } : new[] { "", "p", "p -> w", "p -> w -> p" };
                            foreach (var row in rows)
                            {
                                results.Add(task, row, steps.GetValueOrDefault(row));
                            }
                        }
                    }
                }

                var section = Section(results, taskList, seedList, template, lm.Description, watch.Elapsed);
                var path = parse.GetValue(output)!;
                var existing = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null;
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                await File.WriteAllTextAsync(path, ResultsDocument.Merge(existing, section), cancellationToken).ConfigureAwait(false);
                console.WriteLine(section);
                console.WriteLine($"wrote {Path.GetFullPath(path)}");
                return OptimizeRunner.Ok;
            }
        });
        return command;
    }

    private static string Section(PaperTableResults results, IReadOnlyList<string> tasks, IReadOnlyList<int> seeds, OptimizeOptions budgets, string model, TimeSpan elapsed)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Measured: `bt paper-table` on {Path.GetFileName(model)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Validation-set score (percent; mean ± sample s.d. over seeds {string.Join(", ", seeds)}) of the program after each strategy prefix.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Budgets: train {budgets.TrainSize}, validation {budgets.ValSize}, {budgets.Candidates} random-search candidates, {budgets.MaxDemos} demos per predictor, {budgets.Epochs} LoRA epochs. Wall time {elapsed.TotalMinutes:0.0} min on the shared 2-core machine.");
        md.AppendLine();
        md.Append(results.ToMarkdown(tasks));
        md.AppendLine();
        var wins = results.FamiliesWhereCombinedWins(tasks).ToList();
        md.AppendLine(CultureInfo.InvariantCulture, $"A combined strategy beats both prompts-only (p) and weights-only (w) on {wins.Count} of {tasks.Count} families{(wins.Count > 0 ? $" ({string.Join(", ", wins)})" : string.Empty)}.");
        return md.ToString();
    }
}
