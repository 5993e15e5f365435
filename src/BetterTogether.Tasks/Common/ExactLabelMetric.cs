namespace BetterTogether.Tasks.Common;

/// <summary>
/// Exact-label accuracy for classification: a prediction is correct when, after trimming whitespace and
/// surrounding quotes, brackets and final punctuation, it equals the gold label ignoring case.
/// </summary>
public static class ExactLabelMetric
{
    private static readonly char[] Trimmed = [' ', '\t', '\r', '\n', '"', '\'', '`', '*', '.', ',', ';', ':', '!', '(', ')', '[', ']'];

    /// <summary>Normalizes a label for comparison.</summary>
    public static string Normalize(string? label) => (label ?? string.Empty).Trim(Trimmed).ToUpperInvariant();

    /// <summary>Whether <paramref name="prediction"/> names the same label as <paramref name="gold"/>.</summary>
    /// <param name="prediction">The model's label (may be null when parsing failed).</param>
    /// <param name="gold">The gold label.</param>
    public static bool IsMatch(string? prediction, string gold)
    {
        ArgumentNullException.ThrowIfNull(gold);
        var normalized = Normalize(prediction);
        return normalized.Length > 0 && normalized == Normalize(gold);
    }

    /// <summary>1 when <see cref="IsMatch"/> holds, else 0.</summary>
    public static double Score(string? prediction, string gold) => IsMatch(prediction, gold) ? 1.0 : 0.0;
}
