using BetterTogether.Tasks.BringYourOwnData;
using BetterTogether.Tasks.Registry;

namespace BetterTogether.Cli.Optimize;

/// <summary>The settings of one <c>bt optimize</c> run, as parsed from the command line.</summary>
internal sealed record OptimizeOptions
{
    /// <summary>The default model folder, relative to the repository root or the current directory.</summary>
    public const string DefaultModel = "models/bt-tiny";

    /// <summary>The default store folder.</summary>
    public const string DefaultStore = ".bt/store";

    /// <summary>The built-in task (ignored when <see cref="DataFile"/> is set).</summary>
    public string Task { get; init; } = "iris";

    /// <summary>The BetterTogether strategy.</summary>
    public string Strategy { get; init; } = "p -> w -> p";

    /// <summary>Seeds the split, the shuffles and the candidate search.</summary>
    public int Seed { get; init; }

    /// <summary>A store folder or an Azure Storage connection string.</summary>
    public string Store { get; init; } = DefaultStore;

    /// <summary>The local model folder (unused with <see cref="LmEndpoint"/>).</summary>
    public string Model { get; init; } = DefaultModel;

    /// <summary>An OpenAI-compatible endpoint used instead of the local model.</summary>
    public string? LmEndpoint { get; init; }

    /// <summary>The endpoint's model id.</summary>
    public string? LmModel { get; init; }

    /// <summary>The endpoint's API key (or <c>entra</c>).</summary>
    public string? LmApiKey { get; init; }

    /// <summary>The run id; a rerun with the same id resumes. Null: derived from the settings.</summary>
    public string? RunId { get; init; }

    /// <summary>Random-search candidate programs per prompt step.</summary>
    public int Candidates { get; init; } = 3;

    /// <summary>Training examples used (taken from the task's train split).</summary>
    public int TrainSize { get; init; } = 24;

    /// <summary>Validation examples used (taken from the task's dev split).</summary>
    public int ValSize { get; init; } = 40;

    /// <summary>Fine-tuning epochs per weight step.</summary>
    public int Epochs { get; init; } = 2;

    /// <summary>Bootstrapped demos per predictor.</summary>
    public int MaxDemos { get; init; } = 3;

    /// <summary>The folder the artifacts are copied to. Null: <c>out/{runId}</c>.</summary>
    public string? Output { get; init; }

    /// <summary>A user's own CSV or JSONL file.</summary>
    public string? DataFile { get; init; }

    /// <summary>The data file's input columns, comma-separated.</summary>
    public string? Inputs { get; init; }

    /// <summary>The data file's output column.</summary>
    public string? OutputField { get; init; }

    /// <summary>The program shape for a data file.</summary>
    public ProgramKind Program { get; init; } = ProgramKind.ChainOfThought;

    /// <summary>The metric for a data file.</summary>
    public TaskMetricKind Metric { get; init; } = TaskMetricKind.Exact;

    /// <summary>What to do with a data file's missing cells (counted and shown either way).</summary>
    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Keep;

    /// <summary>Checks the values that do not need the file system.</summary>
    /// <exception cref="OptimizeInputException">A value is invalid; the message names the option.</exception>
    public void Validate()
    {
        Positive(Candidates, "--candidates");
        Positive(TrainSize, "--train-size");
        Positive(ValSize, "--val-size");
        Positive(Epochs, "--epochs");
        Positive(MaxDemos, "--max-demos");
        if (DataFile is null)
        {
            if (!TaskRegistry.Names.Contains(Task.Trim().ToLowerInvariant()))
            {
                throw new OptimizeInputException($"--task '{Task}' is unknown; known tasks: {string.Join(", ", TaskRegistry.Names)} (or use --data FILE).");
            }

            if (Inputs is not null || OutputField is not null)
            {
                throw new OptimizeInputException("--inputs and --output-field need --data FILE.");
            }
        }
        else if (string.IsNullOrWhiteSpace(Inputs) || string.IsNullOrWhiteSpace(OutputField))
        {
            throw new OptimizeInputException("--data needs --inputs a,b,c and --output-field NAME.");
        }

        if (LmEndpoint is not null && (!Uri.TryCreate(LmEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new OptimizeInputException($"--lm-endpoint '{LmEndpoint}' is not an absolute http(s) URL (e.g. http://localhost:8000/v1).");
        }

        if (LmEndpoint is not null && string.IsNullOrWhiteSpace(LmModel))
        {
            throw new OptimizeInputException("--lm-endpoint needs --lm-model (the model id the endpoint serves).");
        }

        if (RunId is not null && Workflow.Hosting.RunIdRules.Check(RunId) is { } problem)
        {
            throw new OptimizeInputException($"--run-id is invalid: {problem}");
        }
    }

    private static void Positive(int value, string name)
    {
        if (value < 1)
        {
            throw new OptimizeInputException($"{name} must be at least 1 (got {value}).");
        }
    }
}
