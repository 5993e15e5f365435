using System.Globalization;
using BetterTogether.Core.Examples;
using BetterTogether.Core.Metrics;
using BetterTogether.Core.Programs;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Workflow.Tests.Optimization;

/// <summary>A tiny task: "a+b" → sum, exact match; deterministic examples.</summary>
internal static class AdditionTask
{
    public const string Name = "addition";

    public static OptimizationTask Create()
    {
        var examples = Enumerable.Range(1, 24)
            .Select(i => new Example(
                [KeyValuePair.Create("question", $"{i}+{(i * 7) % 11}"), KeyValuePair.Create("answer", (i + ((i * 7) % 11)).ToString(CultureInfo.InvariantCulture))],
                ["question"]))
            .ToList();
        Metric metric = (example, prediction, _) => string.Equals(example["answer"], prediction.GetValueOrDefault("answer")?.Trim(), StringComparison.Ordinal) ? 1.0 : 0.0;
        return new OptimizationTask(Name, lm => PredictorProgram.Predict("question -> answer", lm), examples[..12], examples[12..18], examples[18..], metric, "exact");
    }

    /// <summary>
    /// The small run request the orchestration, crash and serve tests share: two random-search candidates on top of the
    /// three fixed ones, two demos, one attempt per activity (so a failure is loud), fast training polls.
    /// </summary>
    public static OptimizationRunRequest Request(string strategy, int seed = 7, int shards = 3, int pollMilliseconds = 20, int maxPollMilliseconds = 50) => new()
    {
        Task = Name,
        Strategy = strategy,
        Seed = seed,
        NumCandidates = 2,
        MaxBootstrappedDemos = 2,
        MaxLabeledDemos = 4,
        EvaluationShards = shards,
        TraceShards = shards,
        TrainingPollInterval = TimeSpan.FromMilliseconds(pollMilliseconds),
        MaxTrainingPollInterval = TimeSpan.FromMilliseconds(maxPollMilliseconds),
        ActivityMaxAttempts = 1,
    };

    public static OptimizationTask Resolve(string name, int seed)
        => string.Equals(name, Name, StringComparison.OrdinalIgnoreCase) ? Create() : throw new ArgumentException($"Unknown task '{name}'.", nameof(name));
}
