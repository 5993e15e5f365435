using System.Collections.Concurrent;

namespace BetterTogether.Core.LanguageModels;

/// <summary>Thread-safe accumulator of LM usage per <see cref="UsageKey"/>, filled by <see cref="UsageMeteringChatClient"/>.</summary>
public sealed class UsageMeter
{
    private readonly ConcurrentDictionary<UsageKey, UsageTotals> _totals = new();

    /// <summary>Adds usage to a key.</summary>
    public void Record(UsageKey key, UsageTotals usage)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(usage);
        _totals.AddOrUpdate(key, usage, (_, existing) => existing + usage);
    }

    /// <summary>A snapshot of usage per key, ordered by stage then predictor.</summary>
    public IReadOnlyList<KeyValuePair<UsageKey, UsageTotals>> Snapshot() =>
        [.. _totals.OrderBy(kv => kv.Key.Stage, StringComparer.Ordinal).ThenBy(kv => kv.Key.Predictor, StringComparer.Ordinal)];

    /// <summary>Usage summed over all keys.</summary>
    public UsageTotals Total => _totals.Values.Aggregate(UsageTotals.Zero, (a, b) => a + b);

    /// <summary>Usage summed over one stage.</summary>
    public UsageTotals ForStage(string stage) =>
        _totals.Where(kv => kv.Key.Stage == stage).Select(kv => kv.Value).Aggregate(UsageTotals.Zero, (a, b) => a + b);
}
