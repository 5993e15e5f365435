using BetterTogether.Core.Metrics;
using BetterTogether.Tasks.Arithmetic;
using BetterTogether.Tasks.Common;
using BetterTogether.Tasks.MultiHop;

namespace BetterTogether.Tasks.Registry;

/// <summary>The tasks' metrics as Core <see cref="Metric"/>s over one output field.</summary>
public static class TaskMetrics
{
    /// <summary>Exact label (<see cref="ExactLabelMetric"/>).</summary>
    public static Metric ExactLabel(string field) => Over(field, ExactLabelMetric.Score);

    /// <summary>Numeric answer (<see cref="NumericAnswerMetric"/>).</summary>
    public static Metric NumericAnswer(string field) => Over(field, NumericAnswerMetric.Score);

    /// <summary>HotpotQA exact match after answer normalization (<see cref="HotpotQaMetric.ExactMatch"/>).</summary>
    public static Metric AnswerExactMatch(string field) => Over(field, (p, g) => HotpotQaMetric.ExactMatch(p, g) ? 1.0 : 0.0);

    /// <summary>HotpotQA token F1 (<see cref="HotpotQaMetric.F1"/>).</summary>
    public static Metric AnswerF1(string field) => Over(field, HotpotQaMetric.F1);

    /// <summary>The metric for a kind.</summary>
    public static Metric For(TaskMetricKind kind, string field) => kind switch
    {
        TaskMetricKind.Exact => ExactLabel(field),
        TaskMetricKind.Numeric => NumericAnswer(field),
        TaskMetricKind.F1 => AnswerF1(field),
        TaskMetricKind.ExactMatch => AnswerExactMatch(field),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown metric kind."),
    };

    private static Metric Over(string field, Func<string?, string, double> score)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        return (example, prediction, _) => score(prediction.GetValueOrDefault(field), example[field]);
    }
}
