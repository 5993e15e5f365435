namespace BetterTogether.Workflow.Optimization;

/// <summary>
/// The outcome of a run, and the one schema of <c>report.json</c>: <c>runs/{id}/report.json</c>, the orchestration's
/// output (what the HTTP API returns), and the <c>report.json</c> that <c>bt optimize</c> copies into its output folder.
/// Written with <see cref="ReportJson"/>; documented in docs/ARTIFACTS.md.
/// </summary>
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
/// <param name="Request">
/// The run's input as given: the budgets (candidates, demos, sizes), shards, retries and fine-tuning hyperparameters.
/// The counts above are what the data allowed within those budgets.
/// </param>
/// <param name="BaselineOutcomes">What happened to the baseline's validation examples; null in older reports.</param>
/// <param name="TestOutcomes">What happened to the best program's test examples; null without a test set and in older reports.</param>
/// <param name="Notes">
/// Adjustments the run made on its own, each said once: a size larger than the data, demos left out to fit the
/// context window. Null in older reports.
/// </param>
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
    string? Error,
    OptimizationRunRequest Request,
    EvaluationOutcomes? BaselineOutcomes = null,
    EvaluationOutcomes? TestOutcomes = null,
    IReadOnlyList<string>? Notes = null)
{
    /// <summary>
    /// What a run that scored near zero means and what to do (<see cref="RunDiagnosis"/>); null for a run that learned
    /// something or whose failures were not about the output format. Derived: written for readers, ignored when read back.
    /// </summary>
    public string? Diagnosis => RunDiagnosis.Of(this);

    /// <summary>True when a step failed and the best program so far was reported.</summary>
    public bool ErrorOccurred => Error is not null;

    /// <summary>Wall time of the run in seconds: from the first stage's first activity start to the last stage's end (activity clock).</summary>
    public double DurationSeconds
    {
        get
        {
            var timed = Usage.Where(u => u.StartedAt is not null && u.CompletedAt is not null).ToList();
            return timed.Count == 0 ? 0 : Math.Max(0, (timed.Max(u => u.CompletedAt!.Value) - timed.Min(u => u.StartedAt!.Value)).TotalSeconds);
        }
    }
}
