namespace BetterTogether.Engine.Training;

/// <summary>Optimisation settings for <see cref="LoraTrainer"/>.</summary>
public sealed record LoraTrainerOptions
{
    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW decoupled weight decay (not applied to base norms and biases).</summary>
    public double WeightDecay { get; init; }

    /// <summary>AdamW β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW β2.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>AdamW ε.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Global gradient-norm clip; 0 disables.</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Fraction of the optimizer steps spent warming up linearly.</summary>
    public double WarmupRatio { get; init; }

    /// <summary>Cosine decay after warm-up (false: constant).</summary>
    public bool CosineSchedule { get; init; }

    /// <summary>Passes over the data.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Sequences per micro-batch.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Micro-batches per optimizer step.</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary>Sequences are truncated to this many tokens (and to the model's context).</summary>
    public int MaxSequenceLength { get; init; } = 512;

    /// <summary>Seed for data order and dropout.</summary>
    public int Seed { get; init; }

    /// <summary>Shuffle the sequences (seeded) each epoch; false keeps the given order (a curriculum).</summary>
    public bool ShuffleData { get; init; } = true;

    /// <summary>Also train every base weight (full-parameter training, e.g. pre-training a small model).</summary>
    public bool TrainBaseWeights { get; init; }

    /// <summary>Sequences per optimizer step.</summary>
    public int SequencesPerStep => BatchSize * GradientAccumulationSteps;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxGradNorm);
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupRatio);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WarmupRatio, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(GradientAccumulationSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSequenceLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Epsilon);
    }
}
