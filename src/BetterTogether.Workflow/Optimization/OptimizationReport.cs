namespace BetterTogether.Workflow.Optimization;

/// <summary>The outcome of a run: <c>runs/{id}/report.json</c> and the orchestration's output.</summary>
/// <param name="InstanceId">The run (orchestration instance) id.</param>
/// <param name="Task">The task name.</param>
/// <param name="MetricName">The task's metric.</param>
/// <param name="Strategy">The strategy.</param>
/// <param name="Seed">The seed.</param>
/// <param name="ModelId">The base model.</param>
/// <param name="TrainCount">Training examples used.</param>
/// <param name="ValCount">Validation examples used.</param>
/// <param name="TestCount">Test examples used.</param>
/// <param name="BaselineScore">The unoptimized program's validation score.</param>
/// <param name="Steps">Every step run (a failed step last).</param>
/// <param name="BestStrategy">The strategy prefix of the best program (empty for the baseline).</param>
/// <param name="BestScore">The best program's validation score.</param>
/// <param name="TestScore">The best program's test score; null without a test set.</param>
/// <param name="ProgramPath">The best program's state: <c>runs/{id}/program.json</c>.</param>
/// <param name="Usage">LM usage and timing per stage, in run order.</param>
/// <param name="Error">Why the run stopped early, or null.</param>
public sealed record OptimizationReport(
    string InstanceId,
    string Task,
    string MetricName,
    string Strategy,
    int Seed,
    string ModelId,
    int TrainCount,
    int ValCount,
    int TestCount,
    double BaselineScore,
    IReadOnlyList<StepReport> Steps,
    string BestStrategy,
    double BestScore,
    double? TestScore,
    string ProgramPath,
    IReadOnlyList<StageUsage> Usage,
    string? Error)
{
    /// <summary>True when a step failed and the best program so far was reported.</summary>
    public bool ErrorOccurred => Error is not null;
}
