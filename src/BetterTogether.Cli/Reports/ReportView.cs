using System.Globalization;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Cli.Reports;

/// <summary>
/// How the console table, <c>report.html</c>, the score chart and <c>bt paper-table</c> read an <see cref="OptimizationReport"/>:
/// the baseline as row 0 (a step without an optimizer), then each step. A view over the one report schema, never serialized.
/// </summary>
internal static class ReportView
{
    private static readonly IReadOnlyDictionary<string, int> NoDemos = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The baseline, then every step in run order (a failed step last).</summary>
    /// <param name="report">The report.</param>
    /// <returns>The rows; the baseline's usage is the report's <c>baseline</c> stage.</returns>
    public static IReadOnlyList<StepReport> Rows(OptimizationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var usage = report.Usage.FirstOrDefault(u => u.Stage == "baseline") ?? new StageUsage("baseline", 0, 0, 0, 0, 0, 0, null, null);
        var baseline = new StepReport(0, string.Empty, string.Empty, report.BaselineScore, NoDemos, null, RunArtifacts.StepProgram(report.InstanceId, 0), usage, null, null, null, null, null, report.BaselineOutcomes);
        return [baseline, .. report.Steps];
    }

    /// <summary>The label of a row: <c>baseline</c> or the strategy prefix.</summary>
    public static string Label(this StepReport step) => Describe(step.Strategy);

    /// <summary>The label of a strategy prefix: <c>baseline</c> for the empty one.</summary>
    public static string Describe(string strategy) => strategy.Length == 0 ? "baseline" : strategy;

    /// <summary>Few-shot demos across the row's predictors.</summary>
    public static int Demos(this StepReport step) => step.DemosPerPredictor.Values.Sum();

    /// <summary>Prompt plus completion tokens of the row's stage.</summary>
    public static long Tokens(this StepReport step) => step.Usage.InputTokens + step.Usage.OutputTokens;

    /// <summary>The outcome columns of the console table and report.html, in order.</summary>
    public static IReadOnlyList<string> OutcomeColumns { get; } = ["correct", "no parse", "empty", "LM errors", "demos cut"];

    /// <summary>A row's outcome counts in <see cref="OutcomeColumns"/> order, as <c>n/scored</c> for the example counts; "-" without outcomes.</summary>
    public static IReadOnlyList<string> OutcomeCells(this StepReport step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Outcomes is not { } o)
        {
            return [.. OutcomeColumns.Select(_ => "-")];
        }

        string Of(int count) => string.Create(CultureInfo.InvariantCulture, $"{count}/{o.Scored}");
        return [Of(o.Correct), Of(o.ParseFailures), Of(o.EmptyOutputs), Of(o.LmErrors), o.DemosDropped.ToString(CultureInfo.InvariantCulture)];
    }

    /// <summary>The rows whose outcomes carry failing examples, with them.</summary>
    public static IEnumerable<(StepReport Step, IReadOnlyList<FailedExample> Failures)> Failures(OptimizationReport report) =>
        Rows(report).Where(r => r.Outcomes is { Failures.Count: > 0 }).Select(r => (r, r.Outcomes!.Failures));

    /// <summary>A score as shown in reports: one decimal, or "n/a".</summary>
    public static string Format(double? score) => score is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "n/a";
}
