using BetterTogether.Core.Metrics;

namespace BetterTogether.Core.Optimizers;

/// <summary>Settings of <see cref="BootstrapFewShotWithRandomSearch"/>; defaults are DSPy's.</summary>
public sealed record RandomSearchOptions
{
    /// <summary>Scores candidates and filters bootstrapped traces.</summary>
    public required Metric Metric { get; init; }

    /// <summary>Passed to <see cref="BootstrapFewShotOptions.MetricThreshold"/>.</summary>
    public double? MetricThreshold { get; init; }

    /// <summary>Upper bound of the seeded demo count of seeds ≥ 0, and the count of seed −1.</summary>
    public int MaxBootstrappedDemos { get; init; } = 4;

    /// <summary>Demos per predictor in total.</summary>
    public int MaxLabeledDemos { get; init; } = 16;

    /// <summary>Bootstrap rounds per example.</summary>
    public int MaxRounds { get; init; } = 1;

    /// <summary>Random candidates (seeds 0…N−1) on top of the three fixed ones (−3, −2, −1).</summary>
    public int NumCandidatePrograms { get; init; } = 16;

    /// <summary>Examples evaluated at once.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>Errors tolerated per bootstrap and per evaluation.</summary>
    public int MaxErrors { get; init; } = 10;

    /// <summary>Stop once a candidate scores at least this (percent).</summary>
    public double? StopAtScore { get; init; }

    /// <summary>Seed −2 samples labelled demos (true) or takes the first k (false).</summary>
    public bool LabeledSample { get; init; } = true;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the metric is missing.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Metric);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBootstrappedDemos);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxLabeledDemos);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRounds);
        ArgumentOutOfRangeException.ThrowIfNegative(NumCandidatePrograms);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDegreeOfParallelism);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxErrors);
    }
}
