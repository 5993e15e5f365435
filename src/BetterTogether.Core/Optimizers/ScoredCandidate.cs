using BetterTogether.Core.Programs;

namespace BetterTogether.Core.Optimizers;

/// <summary>A random-search candidate with its validation score.</summary>
/// <param name="Seed">The candidate seed.</param>
/// <param name="Score">The percentage score on the valset; <see cref="BetterTogetherStepPolicy.AbortedScore"/> when its evaluation aborted.</param>
/// <param name="Subscores">Per-example scores in valset order (empty when aborted).</param>
/// <param name="Program">The candidate program.</param>
/// <param name="Aborted">True when its evaluation reached <c>max_errors</c>; such a candidate is never selected.</param>
public sealed record ScoredCandidate(int Seed, double Score, IReadOnlyList<double> Subscores, LmProgram Program, bool Aborted = false);
