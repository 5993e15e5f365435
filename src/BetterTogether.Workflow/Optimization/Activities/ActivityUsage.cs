using BetterTogether.Core.LanguageModels;

namespace BetterTogether.Workflow.Optimization.Activities;

// Public so that the Azure Functions app can bind its activity triggers to them; each is documented by the activity
// that takes or returns it, and the fields are the JSON in the orchestration history.
#pragma warning disable CS1591

/// <summary>What one activity execution cost: LM usage (in all and per predictor) and its start and end on the activity clock.</summary>
public sealed record ActivityUsage(
    long Calls,
    long InputTokens,
    long OutputTokens,
    long CacheHits,
    long CacheMisses,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    bool Reused,
    IReadOnlyDictionary<string, UsageTotals>? ByPredictor = null);
