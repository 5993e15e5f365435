namespace BetterTogether.Workflow.Optimization;

/// <summary>One random-search candidate of a prompt step.</summary>
/// <param name="Seed">The candidate seed (−3 zero-shot, −2 labeled, −1 unshuffled, ≥ 0 random).</param>
/// <param name="Score">Its validation score (percent).</param>
/// <param name="ProgramPath">Its program state artifact.</param>
public sealed record CandidateScore(int Seed, double Score, string ProgramPath);
