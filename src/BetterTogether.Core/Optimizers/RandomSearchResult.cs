using BetterTogether.Core.Programs;

namespace BetterTogether.Core.Optimizers;

/// <summary>The outcome of <see cref="BootstrapFewShotWithRandomSearch"/>.</summary>
/// <param name="BestProgram">The first candidate with the highest score.</param>
/// <param name="BestSeed">Its seed.</param>
/// <param name="Candidates">All scored candidates, best first; ties keep seed order (DSPy's <c>candidate_programs</c>).</param>
public sealed record RandomSearchResult(LmProgram BestProgram, int BestSeed, IReadOnlyList<ScoredCandidate> Candidates);
