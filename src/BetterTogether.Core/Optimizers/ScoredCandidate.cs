using BetterTogether.Core.Programs;

namespace BetterTogether.Core.Optimizers;

/// <summary>A random-search candidate with its validation score.</summary>
/// <param name="Seed">The candidate seed.</param>
/// <param name="Score">The percentage score on the valset.</param>
/// <param name="Subscores">Per-example scores in valset order.</param>
/// <param name="Program">The candidate program.</param>
public sealed record ScoredCandidate(int Seed, double Score, IReadOnlyList<double> Subscores, LmProgram Program);
