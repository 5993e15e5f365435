namespace BetterTogether.Core.Predictors;

/// <summary>
/// Ambient sampling overrides for every predictor call in the current async flow: DSPy's
/// <c>lm.copy(rollout_id=…, temperature=1.0)</c> that later bootstrap rounds use to get past the cache.
/// </summary>
public static class SamplingScope
{
    private static readonly AsyncLocal<SamplingOverride?> CurrentOverride = new();

    /// <summary>The active override, or null.</summary>
    public static SamplingOverride? Current => CurrentOverride.Value;

    /// <summary>Applies <paramref name="temperature"/> and <paramref name="rolloutId"/> to predictor calls until disposed.</summary>
    public static IDisposable Begin(float temperature, int rolloutId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(temperature);
        var previous = CurrentOverride.Value;
        CurrentOverride.Value = new SamplingOverride(temperature, rolloutId);
        return new Restore(previous);
    }

    private sealed class Restore(SamplingOverride? previous) : IDisposable
    {
        public void Dispose() => CurrentOverride.Value = previous;
    }
}
