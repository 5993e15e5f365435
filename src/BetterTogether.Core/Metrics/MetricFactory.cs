using BetterTogether.Core.Examples;
using BetterTogether.Core.Tracing;

namespace BetterTogether.Core.Metrics;

/// <summary>Builds common <see cref="Metric"/>s.</summary>
public static class MetricFactory
{
    /// <summary>Turns a pass/fail check into a metric scoring 1 or 0.</summary>
    public static Metric FromPredicate(Func<Example, Prediction, Trace?, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return (example, prediction, trace) => predicate(example, prediction, trace) ? 1.0 : 0.0;
    }

    /// <summary>1 when the prediction's <paramref name="field"/> equals the example's, after trimming and ignoring case.</summary>
    public static Metric ExactMatch(string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        return FromPredicate((example, prediction, _) =>
            string.Equals(example.GetValueOrDefault(field)?.Trim(), prediction.GetValueOrDefault(field)?.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Whether a metric value counts as a success, as DSPy's bootstrap decides it: with a threshold,
    /// <c>value &gt;= threshold</c>; without one, Python truthiness (<c>value != 0</c>).
    /// A threshold of 0 counts as no threshold, exactly as DSPy's <c>if self.metric_threshold:</c>.
    /// </summary>
    public static bool IsSuccess(double value, double? threshold) =>
        threshold is { } t && t != 0 ? value >= t : value != 0 && !double.IsNaN(value);
}
