using BetterTogether.Core.Examples;
using BetterTogether.Core.Tracing;

namespace BetterTogether.Core.Metrics;

/// <summary>
/// Scores a prediction against its example (DSPy's <c>metric(example, prediction, trace=None)</c>); higher is better.
/// <paramref name="trace"/> is null during evaluation and set during bootstrapping, so a metric can be stricter
/// when deciding which traces become demos. Boolean metrics return 1 or 0 (see <see cref="MetricFactory.FromPredicate"/>).
/// </summary>
/// <param name="example">The labelled example.</param>
/// <param name="prediction">The program's prediction.</param>
/// <param name="trace">The run's trace while bootstrapping; null while evaluating.</param>
public delegate double Metric(Example example, Prediction prediction, Trace? trace);
