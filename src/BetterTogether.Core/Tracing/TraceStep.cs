using BetterTogether.Core.Examples;

namespace BetterTogether.Core.Tracing;

/// <summary>One predictor call inside a program run: which predictor, what went in, what came out.</summary>
/// <param name="PredictorName">The predictor's stable name inside its program.</param>
/// <param name="Inputs">The input fields the predictor was called with.</param>
/// <param name="Outputs">The parsed outputs.</param>
public sealed record TraceStep(string PredictorName, IReadOnlyDictionary<string, string> Inputs, Prediction Outputs);
