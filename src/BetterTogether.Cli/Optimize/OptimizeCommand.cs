using BetterTogether.Tasks.BringYourOwnData;
using System.CommandLine;
using BetterTogether.Tasks.Registry;
using Spectre.Console;

namespace BetterTogether.Cli.Optimize;

/// <summary>The <c>bt optimize</c> subcommand.</summary>
internal static class OptimizeCommand
{
    /// <summary>Builds the command over the real console and the default backend.</summary>
    public static Command Create() => Create(CliConsole.Create, o => OptimizeBackends.Create(o));

    /// <summary>Builds the command with the console and backend given (tests).</summary>
    public static Command Create(Func<IAnsiConsole> console, Func<OptimizeOptions, IOptimizationBackend> backendFactory)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(backendFactory);
        var defaults = new OptimizeOptions();
        var task = new Option<string>("--task") { Description = $"Built-in task: {string.Join(", ", TaskRegistry.Names)}.", DefaultValueFactory = _ => defaults.Task };
        var strategy = new Option<string>("--strategy") { Description = "BetterTogether strategy over p (prompts) and w (weights).", DefaultValueFactory = _ => defaults.Strategy };
        var seed = new Option<int>("--seed") { Description = "Seeds the split, the shuffles and the search.", DefaultValueFactory = _ => defaults.Seed };
        var store = new Option<string>("--store") { Description = "Store folder for runs, cache and adapters.", DefaultValueFactory = _ => defaults.Store };
        var model = new Option<string>("--model") { Description = "Local HF model folder (default: the bundled model).", DefaultValueFactory = _ => defaults.Model };
        var endpoint = new Option<string?>("--lm-endpoint") { Description = "OpenAI-compatible endpoint used instead of the local model." };
        var lmModel = new Option<string?>("--lm-model") { Description = "Model id the endpoint serves." };
        var apiKey = new Option<string?>("--lm-api-key") { Description = "API key for the endpoint ('entra' for Microsoft Entra ID)." };
        var runId = new Option<string?>("--run-id") { Description = "Run id; a rerun with the same id resumes (default: derived from the settings)." };
        var candidates = new Option<int>("--candidates") { Description = "Random-search candidate programs per prompt step.", DefaultValueFactory = _ => defaults.Candidates };
        var trainSize = new Option<int>("--train-size") { Description = "Training examples used.", DefaultValueFactory = _ => defaults.TrainSize };
        var valSize = new Option<int>("--val-size") { Description = "Validation (and test) examples used.", DefaultValueFactory = _ => defaults.ValSize };
        var epochs = new Option<int>("--epochs") { Description = "LoRA epochs per weight step.", DefaultValueFactory = _ => defaults.Epochs };
        var maxDemos = new Option<int>("--max-demos") { Description = "Few-shot demos per predictor.", DefaultValueFactory = _ => defaults.MaxDemos };
        var output = new Option<string?>("--output") { Description = "Folder for program.json, adapter/, traces, report.json, report.html (default: out/RUN_ID)." };
        var data = new Option<string?>("--data") { Description = "Your own data: a .csv or .jsonl file." };
        var inputs = new Option<string?>("--inputs") { Description = "With --data: input columns, comma-separated." };
        var outputField = new Option<string?>("--output-field") { Description = "With --data: the column to predict." };
        var program = new Option<string>("--program") { Description = "With --data: predict or cot.", DefaultValueFactory = _ => "cot" };
        program.AcceptOnlyFromAmong("predict", "cot");
        var metric = new Option<string>("--metric") { Description = "With --data: exact, numeric or f1.", DefaultValueFactory = _ => "exact" };
        metric.AcceptOnlyFromAmong("exact", "numeric", "f1", "em");
        var missing = new Option<string>("--missing")
        {
            Description = "With --data: missing cells (empty, NA, N/A, NaN, null, ?) are kept as written (keep; rows without an output are dropped), drop their row (skip-row) or stop the run (fail). Counted and shown either way.",
            DefaultValueFactory = _ => "keep",
        };
        missing.AcceptOnlyFromAmong("keep", "skip-row", "fail");

        var command = new Command("optimize", "Optimize a program's prompts and weights together (BetterTogether) on a task or your own data.");
        foreach (var option in new Option[] { task, strategy, seed, store, model, endpoint, lmModel, apiKey, runId, candidates, trainSize, valSize, epochs, maxDemos, output, data, inputs, outputField, program, metric, missing })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new OptimizeOptions
            {
                Task = parse.GetValue(task)!,
                Strategy = parse.GetValue(strategy)!,
                Seed = parse.GetValue(seed),
                Store = parse.GetValue(store)!,
                Model = parse.GetValue(model)!,
                LmEndpoint = parse.GetValue(endpoint),
                LmModel = parse.GetValue(lmModel),
                LmApiKey = parse.GetValue(apiKey),
                RunId = parse.GetValue(runId),
                Candidates = parse.GetValue(candidates),
                TrainSize = parse.GetValue(trainSize),
                ValSize = parse.GetValue(valSize),
                Epochs = parse.GetValue(epochs),
                MaxDemos = parse.GetValue(maxDemos),
                Output = parse.GetValue(output),
                DataFile = parse.GetValue(data),
                Inputs = parse.GetValue(inputs),
                OutputField = parse.GetValue(outputField),
                Program = parse.GetValue(program) == "predict" ? ProgramKind.Predict : ProgramKind.ChainOfThought,
                Metric = parse.GetValue(metric) switch
                {
                    "numeric" => TaskMetricKind.Numeric,
                    "f1" => TaskMetricKind.F1,
                    "em" => TaskMetricKind.ExactMatch,
                    _ => TaskMetricKind.Exact,
                },
                Missing = parse.GetValue(missing) switch
                {
                    "skip-row" => MissingValuePolicy.SkipRow,
                    "fail" => MissingValuePolicy.Fail,
                    _ => MissingValuePolicy.Keep,
                },
            };
            return await new OptimizeRunner(console(), backendFactory).RunAsync(options, Environment.CurrentDirectory, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
