namespace BetterTogether.Core.FineTuning;

/// <summary>LoRA fine-tuning settings. Defaults suit a small model on CPU.</summary>
public sealed record FineTuneHyperparameters
{
    /// <summary>LoRA rank r.</summary>
    public int Rank { get; init; } = 8;

    /// <summary>LoRA alpha; the update is scaled by alpha / r.</summary>
    public double Alpha { get; init; } = 16;

    /// <summary>Dropout on the LoRA input.</summary>
    public double Dropout { get; init; }

    /// <summary>Module names to adapt (e.g. <c>q_proj</c>); empty means all linear projections.</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = [];

    /// <summary>Passes over the data.</summary>
    public int Epochs { get; init; } = 2;

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Examples per optimizer step (before accumulation).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Micro-batches accumulated per optimizer step.</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary>AdamW weight decay.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Fraction of steps spent warming the learning rate up linearly.</summary>
    public double WarmupRatio { get; init; } = 0.1;

    /// <summary>Global gradient-norm clip (0 disables).</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Sequences are truncated to this many tokens.</summary>
    public int MaxSequenceLength { get; init; } = 512;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Rank);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Alpha);
        ArgumentOutOfRangeException.ThrowIfNegative(Dropout);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(Dropout, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(GradientAccumulationSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay);
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupRatio);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WarmupRatio, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxGradNorm);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSequenceLength);
    }
}
