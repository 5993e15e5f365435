using BetterTogether.Core.Metrics;

namespace BetterTogether.Core.Optimizers;

/// <summary>Settings of <see cref="BetterTogetherOptimizer"/>; defaults are DSPy's.</summary>
public sealed record BetterTogetherOptions
{
    /// <summary>Scores the baseline and every step on the valset.</summary>
    public required Metric Metric { get; init; }

    /// <summary>Optimizers by strategy key (DSPy: <c>p</c> = random search, <c>w</c> = BootstrapFinetune).</summary>
    public required IReadOnlyDictionary<string, IOptimizer> Optimizers { get; init; }

    /// <summary>Seeds the trainset shuffles. Deviation: DSPy's default <c>None</c> is unseeded; ours is 0 so runs repeat.</summary>
    public int Seed { get; init; }

    /// <summary>Fraction of the trainset held out as valset when none is given, in [0, 1).</summary>
    public double ValsetRatio { get; init; } = 0.1;

    /// <summary>Shuffle the trainset with the seeded RNG before each step.</summary>
    public bool ShuffleTrainsetBetweenSteps { get; init; } = true;

    /// <summary>Examples evaluated at once.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>Errors tolerated per valset evaluation.</summary>
    public int MaxErrors { get; init; } = 10;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range, or an optimizer key is blank or contains "-&gt;".</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Metric);
        ArgumentNullException.ThrowIfNull(Optimizers);
        if (Optimizers.Count == 0)
        {
            throw new ArgumentException("At least one optimizer is needed.", nameof(Optimizers));
        }

        foreach (var (key, optimizer) in Optimizers)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Contains("->", StringComparison.Ordinal) || key.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"Optimizer key \"{key}\" is invalid: use a non-empty key without whitespace or \"->\".", nameof(Optimizers));
            }

            ArgumentNullException.ThrowIfNull(optimizer, $"{nameof(Optimizers)}[{key}]");
        }

        if (ValsetRatio is < 0 or >= 1 || double.IsNaN(ValsetRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(ValsetRatio), ValsetRatio, "valset_ratio must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDegreeOfParallelism);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxErrors);
    }
}
