using BetterTogether.Core.Programs;

namespace BetterTogether.Core.Optimizers;

/// <summary>The outcome of a BetterTogether run.</summary>
/// <param name="BestProgram">The best-scoring candidate (the latest when there is no valset).</param>
/// <param name="BestStrategy">Its strategy prefix (empty for the baseline).</param>
/// <param name="Candidates">Every candidate, best first; equal scores keep run order (DSPy's <c>candidate_programs</c>).</param>
/// <param name="ErrorOccurred">True when a step failed and the run stopped early (DSPy's <c>flag_compilation_error_occurred</c>).</param>
/// <param name="Error">The failure, if any.</param>
public sealed record BetterTogetherResult(
    LmProgram BestProgram,
    string BestStrategy,
    IReadOnlyList<BetterTogetherCandidate> Candidates,
    bool ErrorOccurred,
    Exception? Error);
