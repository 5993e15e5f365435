namespace BetterTogether.Tasks.Arithmetic;

/// <summary>Numeric-answer accuracy: the final numbers of prediction and gold are equal as decimals.</summary>
public static class NumericAnswerMetric
{
    /// <summary>Whether the prediction's final number equals the gold answer's final number.</summary>
    /// <param name="prediction">The model's answer text (may be null when parsing failed).</param>
    /// <param name="gold">The gold answer (for example GSM8K's text after <c>####</c>).</param>
    /// <exception cref="ArgumentException">The gold answer holds no number.</exception>
    public static bool IsMatch(string? prediction, string gold)
    {
        ArgumentNullException.ThrowIfNull(gold);
        if (!NumericAnswer.TryParseFinalNumber(gold, out var expected))
        {
            throw new ArgumentException($"The gold answer '{gold}' holds no number.", nameof(gold));
        }

        return NumericAnswer.TryParseFinalNumber(prediction, out var actual) && actual == expected;
    }

    /// <summary>1 when <see cref="IsMatch"/> holds, else 0.</summary>
    public static double Score(string? prediction, string gold) => IsMatch(prediction, gold) ? 1.0 : 0.0;
}
