using BetterTogether.Core.LanguageModels;
using BetterTogether.Workflow.Caching;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>
/// The LM of one activity execution: the environment's client behind the store-backed response cache
/// (a replayed activity makes no LM call), metered so the activity can report its usage.
/// </summary>
internal sealed class MeteredLanguageModel
{
    private readonly UsageMeter _meter = new();
    private readonly ArtifactCachingChatClient _cache;
    private readonly TimeProvider _time;

    public MeteredLanguageModel(IOptimizationEnvironment environment)
    {
        _time = environment.TimeProvider;
        StartedAt = _time.GetUtcNow();
        _cache = new ArtifactCachingChatClient(environment.ChatClient, environment.Store, RunArtifacts.LmCachePrefix);
        Model = new LanguageModel(new UsageMeteringChatClient(_cache, _meter), environment.ModelId);
    }

    public LanguageModel Model { get; }

    public DateTimeOffset StartedAt { get; }

    public ActivityUsage Finish(bool reused = false)
    {
        var total = _meter.Total;
        var byPredictor = _meter.Snapshot()
            .GroupBy(kv => kv.Key.Predictor, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(kv => kv.Value).Aggregate(UsageTotals.Zero, UsageTotals.Add), StringComparer.Ordinal);
        return new ActivityUsage(total.Calls, total.InputTokens, total.OutputTokens, _cache.Hits, _cache.Misses, StartedAt, _time.GetUtcNow(), reused, byPredictor);
    }
}
