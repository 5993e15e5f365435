namespace BetterTogether.Workflow.Optimization;

/// <summary>One random-search candidate of a prompt step.</summary>
/// <param name="Seed">The candidate seed (−3 zero-shot, −2 labeled, −1 unshuffled, ≥ 0 random).</param>
/// <param name="Score">Its validation score (percent); 0 when its evaluation aborted.</param>
/// <param name="ProgramPath">Its program state artifact.</param>
/// <param name="Aborted">True when its evaluation reached <c>maxErrors</c> (counted across shards); such a candidate is never chosen.</param>
public sealed record CandidateScore(int Seed, double Score, string ProgramPath, bool Aborted = false);
