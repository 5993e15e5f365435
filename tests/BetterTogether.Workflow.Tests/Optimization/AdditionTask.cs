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

    public static OptimizationTask Resolve(string name, int seed)
        => string.Equals(name, Name, StringComparison.OrdinalIgnoreCase) ? Create() : throw new ArgumentException($"Unknown task '{name}'.", nameof(name));
}
