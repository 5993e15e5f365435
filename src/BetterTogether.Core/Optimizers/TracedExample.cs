using BetterTogether.Core.Examples;
using BetterTogether.Core.Tracing;

namespace BetterTogether.Core.Optimizers;

/// <summary>A teacher run over one training example (DSPy's <c>TraceData</c>).</summary>
/// <param name="ExampleIndex">The example's position in the full trainset.</param>
/// <param name="Example">The example.</param>
/// <param name="Prediction">The prediction (empty when the run failed).</param>
/// <param name="Steps">The predictor calls.</param>
/// <param name="Calls">The same calls rendered as fine-tuning records.</param>
/// <param name="Score">The metric's score, or null when there is no metric or the run failed.</param>
/// <param name="Error">Why the run failed, or null.</param>
/// <param name="ParseFailed">True when the run failed because a reply did not parse.</param>
public sealed record TracedExample(
    int ExampleIndex,
    Example Example,
    Prediction Prediction,
    IReadOnlyList<TraceStep> Steps,
    IReadOnlyList<TracedCall> Calls,
    double? Score,
    string? Error,
    bool ParseFailed)
{
    /// <summary>True when the program ran and every reply parsed.</summary>
    public bool Succeeded => Error is null;
}
