namespace BetterTogether.Pretraining.Corpus;

/// <summary>Settings of <see cref="PretrainingCorpus"/>.</summary>
public sealed record CorpusOptions
{
    /// <summary>The seed; equal seeds give equal corpora.</summary>
    public int Seed { get; init; }

    /// <summary>Documents to generate.</summary>
    public int Documents { get; init; } = 1000;

    /// <summary>Share of classification documents.</summary>
    public double ClassificationShare { get; init; } = 0.45;

    /// <summary>Share of arithmetic documents (the rest are multi-hop).</summary>
    public double ArithmeticShare { get; init; } = 0.25;

    /// <summary>Share of short reading drills (taken before the task families share out the rest).</summary>
    public double ReadingShare { get; init; } = 0.12;

    /// <summary>Share of calculation drills (taken, like the reading drills, before the task families share out the rest).</summary>
    public double CalculationShare { get; init; } = 0.22;

    /// <summary>Share of comparison drills (taken, like the other drills, before the task families share out the rest).</summary>
    public double ComparisonShare { get; init; } = 0.12;

    /// <summary>Short drills without a system prompt that open the corpus, so copying forms before the long prompts.</summary>
    public int BareWarmupDocuments { get; init; } = 4000;

    /// <summary>Most demos in a classification prompt.</summary>
    public int MaxClassificationDemos { get; init; } = 5;

    /// <summary>Most demos in an arithmetic prompt.</summary>
    public int MaxArithmeticDemos { get; init; } = 3;

    /// <summary>Most demos in a multi-hop prompt.</summary>
    public int MaxMultiHopDemos { get; init; } = 2;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Documents);
        ArgumentOutOfRangeException.ThrowIfNegative(ReadingShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReadingShare, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(CalculationShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReadingShare + CalculationShare, 1.0, nameof(CalculationShare));
        ArgumentOutOfRangeException.ThrowIfNegative(ComparisonShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReadingShare + CalculationShare + ComparisonShare, 1.0, nameof(ComparisonShare));
        ArgumentOutOfRangeException.ThrowIfNegative(BareWarmupDocuments);
        ArgumentOutOfRangeException.ThrowIfNegative(ClassificationShare);
        ArgumentOutOfRangeException.ThrowIfNegative(ArithmeticShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ClassificationShare + ArithmeticShare, 1.0, nameof(ArithmeticShare));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxClassificationDemos);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxArithmeticDemos);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxMultiHopDemos);
    }
}
