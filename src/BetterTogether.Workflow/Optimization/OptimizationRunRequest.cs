using BetterTogether.Core.FineTuning;
using BetterTogether.Core.Optimizers;

namespace BetterTogether.Workflow.Optimization;

/// <summary>
/// The input of <see cref="BetterTogetherOrchestration"/>: which task, which strategy, the seed and the budgets.
/// Everything the orchestration decides follows from this record, so a run replays identically.
/// </summary>
public sealed record OptimizationRunRequest
{
    /// <summary>The strategy keys: <c>p</c> = prompt optimization (random search), <c>w</c> = weight optimization (LoRA).</summary>
    public static IReadOnlyList<string> StrategyKeys { get; } = ["p", "w"];

    /// <summary>The task name (resolved by the host's <see cref="IOptimizationEnvironment"/>).</summary>
    public required string Task { get; init; }

    /// <summary>The strategy, e.g. <c>"p -> w -> p"</c>.</summary>
    public string Strategy { get; init; } = BetterTogetherOptimizer.DefaultStrategy;

    /// <summary>Seeds the data split, the per-step trainset shuffles, the random search and the fine-tuning.</summary>
    public int Seed { get; init; }

    /// <summary>Random-search candidates per prompt step on top of the three fixed ones (zero-shot, labeled, unshuffled).</summary>
    public int NumCandidates { get; init; } = 4;

    /// <summary>Upper bound of bootstrapped demos per predictor.</summary>
    public int MaxBootstrappedDemos { get; init; } = 4;

    /// <summary>Demos per predictor in total (labeled fill-up included).</summary>
    public int MaxLabeledDemos { get; init; } = 16;

    /// <summary>Use at most this many training examples (all when null).</summary>
    public int? TrainSize { get; init; }

    /// <summary>Use at most this many validation examples (all when null).</summary>
    public int? ValSize { get; init; }

    /// <summary>Use at most this many test examples (all when null; 0 skips the test evaluation).</summary>
    public int? TestSize { get; init; }

    /// <summary>
    /// Failed examples that abort an evaluation (counted across all its shards; it then scores 0) or a candidate's
    /// bootstrap (the step then fails). See <see cref="BetterTogetherStepPolicy"/>.
    /// </summary>
    public int MaxErrors { get; init; } = 10;

    /// <summary>Activities one evaluation fans out into.</summary>
    public int EvaluationShards { get; init; } = 4;

    /// <summary>Activities one trace collection fans out into.</summary>
    public int TraceShards { get; init; } = 4;

    /// <summary>LoRA and optimizer settings of weight steps.</summary>
    public FineTuneHyperparameters FineTune { get; init; } = new();

    /// <summary>First delay between training status polls (doubles up to <see cref="MaxTrainingPollInterval"/>).</summary>
    public TimeSpan TrainingPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest delay between training status polls.</summary>
    public TimeSpan MaxTrainingPollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a training job may take before the weight step fails.</summary>
    public TimeSpan TrainingTimeout { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Attempts per activity (retried with backoff for transient faults).</summary>
    public int ActivityMaxAttempts { get; init; } = 3;

    /// <summary>Delay before an activity's first retry.</summary>
    public TimeSpan ActivityRetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Checks the request.</summary>
    /// <returns>The parsed strategy.</returns>
    /// <exception cref="OptimizationRequestException">A budget is out of range; the message names the field.</exception>
    /// <exception cref="StrategyParseException">The strategy is malformed or names an unknown key.</exception>
    public BetterTogetherStrategy Validate()
    {
        if (string.IsNullOrWhiteSpace(Task))
        {
            throw new OptimizationRequestException("'task' is required.", "task");
        }

        var strategy = BetterTogetherStrategy.Parse(Strategy, StrategyKeys);
        AtLeast(NumCandidates, 0, "numCandidates");
        AtLeast(MaxBootstrappedDemos, 0, "maxBootstrappedDemos");
        AtLeast(MaxLabeledDemos, 0, "maxLabeledDemos");
        AtLeast(TrainSize ?? 1, 1, "trainSize");
        AtLeast(ValSize ?? 1, 1, "valSize");
        AtLeast(TestSize ?? 0, 0, "testSize");
        AtLeast(MaxErrors, 1, "maxErrors");
        AtLeast(EvaluationShards, 1, "evaluationShards");
        AtLeast(TraceShards, 1, "traceShards");
        AtLeast(ActivityMaxAttempts, 1, "activityMaxAttempts");
        Positive(TrainingPollInterval, "trainingPollInterval");
        Positive(ActivityRetryInterval, "activityRetryInterval");
        Positive(TrainingTimeout, "trainingTimeout");
        if (MaxTrainingPollInterval < TrainingPollInterval)
        {
            throw new OptimizationRequestException($"'maxTrainingPollInterval' ({MaxTrainingPollInterval}) must not be shorter than 'trainingPollInterval' ({TrainingPollInterval}).", "maxTrainingPollInterval");
        }

        if (FineTune is null)
        {
            throw new OptimizationRequestException("'fineTune' must not be null.", "fineTune");
        }

        try
        {
            FineTune.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new OptimizationRequestException($"'fineTune.{e.ParamName}' is out of range: {e.ActualValue}.", $"fineTune.{e.ParamName}");
        }

        return strategy;
    }

    private static void AtLeast(int value, int minimum, string field)
    {
        if (value < minimum)
        {
            throw new OptimizationRequestException($"'{field}' must be at least {minimum}; got {value}.", field);
        }
    }

    private static void Positive(TimeSpan value, string field)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new OptimizationRequestException($"'{field}' must be positive; got {value}.", field);
        }
    }
}
