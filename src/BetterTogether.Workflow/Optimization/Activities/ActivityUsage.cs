using BetterTogether.Core.LanguageModels;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>What one activity execution cost: LM usage (in all and per predictor) and its start and end on the activity clock.</summary>
internal sealed record ActivityUsage(
    long Calls,
    long InputTokens,
    long OutputTokens,
    long CacheHits,
    long CacheMisses,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    bool Reused,
    IReadOnlyDictionary<string, UsageTotals>? ByPredictor = null);
