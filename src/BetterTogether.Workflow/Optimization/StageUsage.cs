using BetterTogether.Core.LanguageModels;

namespace BetterTogether.Workflow.Optimization;

/// <summary>LM usage and timing of one stage of a run, summed over its activities.</summary>
/// <param name="Stage">The stage (<c>prepare</c>, <c>baseline</c>, <c>step1:p</c>, …, <c>test</c>).</param>
/// <param name="Activities">Activity executions counted.</param>
/// <param name="Calls">LM calls the program made (cache hits included).</param>
/// <param name="InputTokens">Prompt tokens of those calls.</param>
/// <param name="OutputTokens">Completion tokens of those calls.</param>
/// <param name="CacheHits">Calls answered from the response cache.</param>
/// <param name="CacheMisses">Calls that reached the LM.</param>
/// <param name="StartedAt">When the stage's first activity started (activity clock).</param>
/// <param name="CompletedAt">When its last activity completed (activity clock).</param>
/// <param name="ByPredictor">The same LM usage split by predictor name (calls and tokens).</param>
public sealed record StageUsage(
    string Stage,
    int Activities,
    long Calls,
    long InputTokens,
    long OutputTokens,
    long CacheHits,
    long CacheMisses,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyDictionary<string, UsageTotals>? ByPredictor = null)
{
    /// <summary>Wall time from the first activity's start to the last one's end, in seconds.</summary>
    public double DurationSeconds => StartedAt is { } s && CompletedAt is { } c ? Math.Max(0, (c - s).TotalSeconds) : 0;
}
