using BetterTogether.Core.Metrics;

namespace BetterTogether.Core.Optimizers;

/// <summary>Settings of <see cref="BootstrapFewShot"/>; defaults are DSPy's.</summary>
public sealed record BootstrapFewShotOptions
{
    /// <summary>Decides which traces become demos (called with the trace). Null accepts every run that does not throw.</summary>
    public Metric? Metric { get; init; }

    /// <summary>Minimum metric value for success; null (or 0, as in DSPy) means "metric value is non-zero".</summary>
    public double? MetricThreshold { get; init; }

    /// <summary>Bootstrapped demos per predictor (and examples to bootstrap).</summary>
    public int MaxBootstrappedDemos { get; init; } = 4;

    /// <summary>Demos per predictor in total, labelled ones filling the rest.</summary>
    public int MaxLabeledDemos { get; init; } = 16;

    /// <summary>Attempts per training example; rounds after the first sample at temperature 1.0 with a fresh rollout id.</summary>
    public int MaxRounds { get; init; } = 1;

    /// <summary>Errors tolerated while bootstrapping; the one that reaches it is rethrown (DSPy's default is 10).</summary>
    public int MaxErrors { get; init; } = 10;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBootstrappedDemos);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxLabeledDemos);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRounds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxErrors);
    }
}
