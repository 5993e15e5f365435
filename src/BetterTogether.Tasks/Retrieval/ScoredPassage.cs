namespace BetterTogether.Tasks.Retrieval;

/// <summary>A passage returned by a search, with its score.</summary>
/// <param name="Passage">The passage.</param>
/// <param name="Score">The BM25 score (higher is better).</param>
public sealed record ScoredPassage(Passage Passage, double Score);
