using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Metrics;
using BetterTogether.Core.Programs;
using BetterTogether.Tasks.Common;

namespace BetterTogether.Tasks.Registry;

/// <summary>A runnable task: how to build its program, its train/dev/test examples, and how to score a prediction.</summary>
/// <param name="Name">The task name (<c>iris</c>, <c>arithmetic</c>, …).</param>
/// <param name="Description">One line for help text and reports.</param>
/// <param name="CreateProgram">Builds a fresh, unoptimized program (LM optional: set it later with <see cref="LmProgram.SetLm"/>).</param>
/// <param name="Data">The examples, input keys set.</param>
/// <param name="Metric">The task's metric (1 correct, 0 wrong; F1 is fractional).</param>
/// <param name="MetricName">The metric's name for reports (<c>exact</c>, <c>numeric</c>, <c>em</c>, <c>f1</c>).</param>
public sealed record TaskDefinition(
    string Name,
    string Description,
    Func<LanguageModel?, LmProgram> CreateProgram,
    DatasetSplit<Example> Data,
    Metric Metric,
    string MetricName)
{
    /// <summary>What loading the data did that a user should know (missing values counted, rows dropped); empty when nothing.</summary>
    public IReadOnlyList<string> DataNotes { get; init; } = [];
}
