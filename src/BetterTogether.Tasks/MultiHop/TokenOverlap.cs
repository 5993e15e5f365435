namespace BetterTogether.Tasks.MultiHop;

/// <summary>Token-overlap scores of a predicted answer against a gold answer.</summary>
/// <param name="F1">The harmonic mean of precision and recall.</param>
/// <param name="Precision">Shared tokens over predicted tokens.</param>
/// <param name="Recall">Shared tokens over gold tokens.</param>
public readonly record struct TokenOverlap(double F1, double Precision, double Recall)
{
    /// <summary>No overlap.</summary>
    public static TokenOverlap Zero { get; } = new(0, 0, 0);
}
