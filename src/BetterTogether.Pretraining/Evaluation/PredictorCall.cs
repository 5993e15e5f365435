using BetterTogether.Core.Signatures;

namespace BetterTogether.Pretraining.Evaluation;

/// <summary>One predictor call of a program run: its inputs and parsed outputs (null when the reply did not parse).</summary>
/// <param name="Predictor">The predictor's name.</param>
/// <param name="Signature">The rendered (extended) signature.</param>
/// <param name="Inputs">Input values.</param>
/// <param name="Outputs">Parsed outputs, or null.</param>
/// <param name="DemosDropped">Demos left out of the prompt so that it and the reply fit the model's context.</param>
public sealed record PredictorCall(string Predictor, Signature Signature, IReadOnlyDictionary<string, string> Inputs, IReadOnlyDictionary<string, string>? Outputs, int DemosDropped = 0);
