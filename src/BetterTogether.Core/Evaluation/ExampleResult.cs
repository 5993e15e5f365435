using BetterTogether.Core.Examples;
using BetterTogether.Core.Tracing;

namespace BetterTogether.Core.Evaluation;

/// <summary>The outcome of one example.</summary>
/// <param name="Index">The example's position in the evaluated set.</param>
/// <param name="Example">The example.</param>
/// <param name="Prediction">The prediction (empty when the example failed).</param>
/// <param name="Score">The metric's score, or the failure score.</param>
/// <param name="Trace">The predictor calls of the run (partial when it failed).</param>
/// <param name="Error">What failed, or null.</param>
public sealed record ExampleResult(int Index, Example Example, Prediction Prediction, double Score, Trace Trace, Exception? Error)
{
    /// <summary>True when the program and the metric both ran.</summary>
    public bool Succeeded => Error is null;
}
