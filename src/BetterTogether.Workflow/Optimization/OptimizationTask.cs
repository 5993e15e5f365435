using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Metrics;
using BetterTogether.Core.Programs;

namespace BetterTogether.Workflow.Optimization;

/// <summary>A task as the optimization sees it: a program factory, train/dev/test examples and a metric.</summary>
/// <param name="Name">The task name.</param>
/// <param name="CreateProgram">Builds a fresh, unoptimized program on the given LM.</param>
/// <param name="Train">Training examples (bootstrapping and fine-tuning).</param>
/// <param name="Dev">Validation examples (choosing among candidates).</param>
/// <param name="Test">Held-out examples (the final score).</param>
/// <param name="Metric">Scores a prediction (1 correct, 0 wrong).</param>
/// <param name="MetricName">The metric's name for reports.</param>
public sealed record OptimizationTask(
    string Name,
    Func<LanguageModel?, LmProgram> CreateProgram,
    IReadOnlyList<Example> Train,
    IReadOnlyList<Example> Dev,
    IReadOnlyList<Example> Test,
    Metric Metric,
    string MetricName);
