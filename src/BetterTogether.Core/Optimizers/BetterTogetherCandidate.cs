using BetterTogether.Core.Programs;

namespace BetterTogether.Core.Optimizers;

/// <summary>A program after some prefix of the strategy, with its valset score.</summary>
/// <param name="Strategy">The steps applied so far (empty for the baseline), e.g. <c>"p -> w"</c>.</param>
/// <param name="Score">The valset score in percent; null when there is no valset.</param>
/// <param name="Program">A copy of the program at that point.</param>
/// <param name="Skipped">Why the step left the program (and its score) unchanged, or null (<see cref="BetterTogetherStepPolicy.WeightStepSkipReason"/>).</param>
public sealed record BetterTogetherCandidate(string Strategy, double? Score, LmProgram Program, string? Skipped = null);
