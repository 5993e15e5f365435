using BetterTogether.Core.Examples;

namespace BetterTogether.Core.Optimizers;

/// <summary>How one random-search candidate will be built; a pure function of the seed and the trainset.</summary>
/// <param name="Seed">The candidate seed (−3, −2, −1, 0…N−1).</param>
/// <param name="Kind">The kind of candidate.</param>
/// <param name="Trainset">The trainset in the order the bootstrap walks it.</param>
/// <param name="MaxBootstrappedDemos">The bootstrapped-demo budget (0 for zero-shot and labelled-only).</param>
public sealed record CandidatePlan(int Seed, CandidateKind Kind, IReadOnlyList<Example> Trainset, int MaxBootstrappedDemos);
