using System.Globalization;

namespace BetterTogether.Pretraining.Evaluation;

/// <summary>Wrong runs counted by <see cref="ProgramRun.Miss"/>; its text is the gate log's suffix ("; misses: 78 ..., 11 ...").</summary>
internal sealed class MissCounts
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts one run's reason; null (a correct run, or a task that does not tell) counts nothing.</summary>
    /// <param name="miss">The reason, or null.</param>
    public void Add(string? miss)
    {
        if (miss is not null)
        {
            _counts[miss] = _counts.GetValueOrDefault(miss) + 1;
        }
    }

    /// <summary>The count of one reason.</summary>
    /// <param name="miss">The reason.</param>
    /// <returns>How many runs missed for it.</returns>
    public int this[string miss] => _counts.GetValueOrDefault(miss);

    /// <summary>"; misses: N reason, ..." most frequent first, or empty when no reasons were counted.</summary>
    /// <returns>The suffix.</returns>
    public override string ToString() => _counts.Count == 0
        ? string.Empty
        : "; misses: " + string.Join(", ", _counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Value} {kv.Key}")));
}
