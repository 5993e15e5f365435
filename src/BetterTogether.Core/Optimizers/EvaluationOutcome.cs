namespace BetterTogether.Core.Optimizers;

/// <summary>How one evaluation of a program ended, as both BetterTogether drivers score it (<see cref="BetterTogetherStepPolicy"/>).</summary>
/// <param name="Score">100 × mean example score, 2 decimals; <see cref="BetterTogetherStepPolicy.AbortedScore"/> when aborted.</param>
/// <param name="ExampleScores">Per-example scores in set order; empty when aborted.</param>
/// <param name="Errors">Examples whose program or metric threw (counted up to the point an aborted evaluation stopped).</param>
/// <param name="Aborted">True when the errors reached <c>max_errors</c>.</param>
public sealed record EvaluationOutcome(double Score, IReadOnlyList<double> ExampleScores, int Errors, bool Aborted);
