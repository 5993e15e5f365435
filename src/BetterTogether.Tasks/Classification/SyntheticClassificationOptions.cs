namespace BetterTogether.Tasks.Classification;

/// <summary>Settings for <see cref="SyntheticClassificationGenerator"/>.</summary>
public sealed class SyntheticClassificationOptions
{
    /// <summary>Labeled examples per task (default 24: enough for demos plus queries).</summary>
    public int ExamplesPerTask { get; init; } = 24;

    /// <summary>The fewest features per task (default 2).</summary>
    public int MinFeatures { get; init; } = 2;

    /// <summary>The most features per task (default 4).</summary>
    public int MaxFeatures { get; init; } = 4;

    /// <summary>The fewest labels per task (default 2).</summary>
    public int MinLabels { get; init; } = 2;

    /// <summary>The most labels per task (default 4).</summary>
    public int MaxLabels { get; init; } = 4;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ExamplesPerTask, nameof(ExamplesPerTask));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinFeatures, 1, nameof(MinFeatures));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFeatures, MinFeatures, nameof(MaxFeatures));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFeatures, 8, nameof(MaxFeatures));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinLabels, 2, nameof(MinLabels));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLabels, MinLabels, nameof(MaxLabels));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxLabels, 6, nameof(MaxLabels));
    }
}
