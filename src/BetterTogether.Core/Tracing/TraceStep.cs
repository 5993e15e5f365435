using BetterTogether.Core.Examples;

namespace BetterTogether.Core.Tracing;

/// <summary>One predictor call inside a program run: which predictor, what went in, what came out.</summary>
/// <param name="PredictorName">The predictor's stable name inside its program.</param>
/// <param name="Inputs">The input fields the predictor was called with.</param>
/// <param name="Outputs">The parsed outputs.</param>
/// <param name="DemosDropped">
/// The predictor's last demos left out of this call so that it fit the model's context window (0: every demo was
/// rendered); the call saw the first <c>Demos.Count - DemosDropped</c> demos.
/// </param>
public sealed record TraceStep(string PredictorName, IReadOnlyDictionary<string, string> Inputs, Prediction Outputs, int DemosDropped = 0);
