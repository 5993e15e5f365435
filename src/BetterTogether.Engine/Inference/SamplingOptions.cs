namespace BetterTogether.Engine.Inference;

/// <summary>How to pick tokens: greedy when <see cref="Temperature"/> is 0, else seeded temperature / top-p sampling.</summary>
public sealed record SamplingOptions
{
    /// <summary>Most tokens to generate.</summary>
    public int MaxNewTokens { get; init; } = 256;

    /// <summary>Softmax temperature; 0 means greedy (argmax).</summary>
    public double Temperature { get; init; }

    /// <summary>Nucleus sampling: sample from the smallest set of tokens whose probability reaches this (1 disables).</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Seed of the sampler (same seed, same prompt, same output).</summary>
    public int Seed { get; init; }

    /// <summary>Token ids that end generation (not included in the output).</summary>
    public IReadOnlyCollection<int> StopTokenIds { get; init; } = [];

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNewTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(Temperature);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TopP);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TopP, 1.0);
        ArgumentNullException.ThrowIfNull(StopTokenIds);
    }
}
