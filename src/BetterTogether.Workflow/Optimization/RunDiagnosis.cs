using System.Globalization;

namespace BetterTogether.Workflow.Optimization;

/// <summary>
/// Says what a run that learned nothing means: when the baseline and every step score near zero and most replies did
/// not keep the output format (parse failures plus empty outputs), the model does not follow the format for this task.
/// </summary>
public static class RunDiagnosis
{
    /// <summary>A validation score (percent) at or below this counts as near zero.</summary>
    public const double NearZeroScore = 5.0;

    /// <summary>The diagnosis of <paramref name="report"/>, or null when the rule does not apply.</summary>
    /// <param name="report">The report.</param>
    public static string? Of(OptimizationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.BaselineScore > NearZeroScore || report.Steps.Any(s => s.Score > NearZeroScore))
        {
            return null;
        }

        var outcomes = new[] { report.BaselineOutcomes }.Concat(report.Steps.Select(s => s.Outcomes)).OfType<EvaluationOutcomes>().ToList();
        var scored = outcomes.Sum(o => o.Scored);
        var parse = outcomes.Sum(o => o.ParseFailures);
        var empty = outcomes.Sum(o => o.EmptyOutputs);
        if (scored == 0 || 2 * (parse + empty) <= scored)
        {
            return null;
        }

        var counts = string.Create(CultureInfo.InvariantCulture, $"{parse + empty} of {scored} validation replies did not keep the output format ({parse} did not parse, {empty} left the answer empty)");
        return $"Every program scored near zero, and {counts}: the model does not follow the format for this task, so there was nothing to learn from. " +
               "Give it demos to imitate (a prompt step \"p\" with --max-demos, and labelled training examples), or use a stronger model with --lm-endpoint.";
    }
}
