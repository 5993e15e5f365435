namespace BetterTogether.Pretraining.Evaluation;

/// <summary>Settings of <see cref="QualityGate"/>.</summary>
public sealed record QualityGateOptions
{
    /// <summary>
    /// Held-out test items per family (at most what a family has; Iris has 50). 300 by default: at 100 items one
    /// family's LoRA figure read 49 % against 51 % zero-shot, and 58 % against 52 % at 300 (a standard error of about
    /// 5 points at 100 items, 3 at 300).
    /// </summary>
    public int TestItems { get; init; } = 300;

    /// <summary>Train items per family, run zero-shot to collect correct traces (for demos and fine-tuning).</summary>
    public int TrainItems { get; init; } = 100;

    /// <summary>
    /// Attempts per train item when collecting traces, as BootstrapFewShot's <c>max_rounds</c>: the first greedy,
    /// the rest sampled at temperature 0.7 + 0.001 x round, stopping at the first correct one.
    /// </summary>
    public int TraceRounds { get; init; } = 4;

    /// <summary>Most demos per predictor in the few-shot condition (bootstrapped from correct train traces).</summary>
    public int MaxDemos { get; init; } = 3;

    /// <summary>Demo sets each few-shot figure averages over: bootstrapped, the first correct traces then seeded shuffles of them; labeled, seeded draws of train items.</summary>
    public int DemoSets { get; init; } = 3;

    /// <summary>LoRA rank of the quick fine-tune.</summary>
    public int LoraRank { get; init; } = 8;

    /// <summary>LoRA learning rate.</summary>
    public double LoraLearningRate { get; init; } = 2e-3;

    /// <summary>Passes over the correct traces.</summary>
    public int LoraEpochs { get; init; } = 4;

    /// <summary>Seed of the adapter initialisation and data order.</summary>
    public int Seed { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TestItems);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TrainItems);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TraceRounds);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDemos);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DemoSets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LoraRank);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LoraLearningRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LoraEpochs);
    }
}
