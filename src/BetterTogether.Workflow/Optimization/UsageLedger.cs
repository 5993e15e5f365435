using BetterTogether.Core.LanguageModels;
using BetterTogether.Workflow.Optimization.Activities;

namespace BetterTogether.Workflow.Optimization;

/// <summary>Sums activity usage per stage, in the order stages first appear (pure; used by the orchestrator).</summary>
internal sealed class UsageLedger
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, StageUsage> _stages = new(StringComparer.Ordinal);

    public IReadOnlyList<StageUsage> Stages => [.. _order.Select(s => _stages[s])];

    public void Add(string stage, ActivityUsage usage)
    {
        if (!_stages.TryGetValue(stage, out var current))
        {
            _order.Add(stage);
            current = new StageUsage(stage, 0, 0, 0, 0, 0, 0, null, null);
        }

        _stages[stage] = current with
        {
            Activities = current.Activities + 1,
            Calls = current.Calls + usage.Calls,
            InputTokens = current.InputTokens + usage.InputTokens,
            OutputTokens = current.OutputTokens + usage.OutputTokens,
            CacheHits = current.CacheHits + usage.CacheHits,
            CacheMisses = current.CacheMisses + usage.CacheMisses,
            StartedAt = current.StartedAt is { } s && s <= usage.StartedAt ? s : usage.StartedAt,
            CompletedAt = current.CompletedAt is { } c && c >= usage.CompletedAt ? c : usage.CompletedAt,
            ByPredictor = Merge(current.ByPredictor, usage.ByPredictor),
        };
    }

    private static readonly Dictionary<string, UsageTotals> Empty = [];

    private static Dictionary<string, UsageTotals>? Merge(IReadOnlyDictionary<string, UsageTotals>? left, IReadOnlyDictionary<string, UsageTotals>? right)
    {
        if (left is null && right is null)
        {
            return null;
        }

        var merged = new Dictionary<string, UsageTotals>(StringComparer.Ordinal);
        IEnumerable<KeyValuePair<string, UsageTotals>> all = [.. left ?? Empty, .. right ?? Empty];
        foreach (var (predictor, totals) in all)
        {
            merged[predictor] = merged.TryGetValue(predictor, out var existing) ? existing + totals : totals;
        }

        return merged;
    }

    public StageUsage Get(string stage) => _stages.TryGetValue(stage, out var usage) ? usage : new StageUsage(stage, 0, 0, 0, 0, 0, 0, null, null);
}
