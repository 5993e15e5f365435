namespace BetterTogether.Tasks.Retrieval;

/// <summary>Okapi BM25 settings for <see cref="Bm25Retriever"/>.</summary>
public sealed class Bm25Options
{
    /// <summary>Term-frequency saturation (default 1.2).</summary>
    public double K1 { get; init; } = 1.2;

    /// <summary>Length normalization, 0 to 1 (default 0.75).</summary>
    public double B { get; init; } = 0.75;

    /// <summary>Whether common English stopwords are dropped from passages and queries (default true).</summary>
    public bool RemoveStopwords { get; init; } = true;

    /// <summary>Whether a passage's title is indexed along with its text (default true).</summary>
    public bool IndexTitles { get; init; } = true;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">K1 is negative or B is outside [0, 1].</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(K1, nameof(K1));
        ArgumentOutOfRangeException.ThrowIfNegative(B, nameof(B));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(B, 1.0, nameof(B));
    }
}
