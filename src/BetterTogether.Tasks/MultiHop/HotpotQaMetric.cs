using System.Text;
using System.Text.RegularExpressions;

namespace BetterTogether.Tasks.MultiHop;

/// <summary>
/// HotpotQA's answer metrics, as its official evaluation script computes them: answers are lowercased,
/// stripped of ASCII punctuation and of the articles a/an/the, and whitespace-collapsed; exact match
/// compares the normalized strings; F1 compares their token bags, except that a yes/no/noanswer answer
/// on either side scores 0 unless both are equal.
/// </summary>
public static partial class HotpotQaMetric
{
    private const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static readonly string[] SpecialAnswers = ["yes", "no", "noanswer"];

    /// <summary>The official answer normalization.</summary>
    public static string Normalize(string? answer)
    {
        var lower = (answer ?? string.Empty).ToLowerInvariant();
        var builder = new StringBuilder(lower.Length);
        foreach (var ch in lower)
        {
            if (!AsciiPunctuation.Contains(ch, StringComparison.Ordinal))
            {
                builder.Append(ch);
            }
        }

        var noArticles = Articles().Replace(builder.ToString(), " ");
        return string.Join(' ', noArticles.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Whether the normalized prediction equals the normalized gold answer.</summary>
    public static bool ExactMatch(string? prediction, string gold)
    {
        ArgumentNullException.ThrowIfNull(gold);
        return Normalize(prediction) == Normalize(gold);
    }

    /// <summary>Token-level F1 with precision and recall, as the official <c>f1_score</c>.</summary>
    public static TokenOverlap Overlap(string? prediction, string gold)
    {
        ArgumentNullException.ThrowIfNull(gold);
        var normalizedPrediction = Normalize(prediction);
        var normalizedGold = Normalize(gold);
        if ((SpecialAnswers.Contains(normalizedPrediction) || SpecialAnswers.Contains(normalizedGold)) && normalizedPrediction != normalizedGold)
        {
            return TokenOverlap.Zero;
        }

        var predictionTokens = normalizedPrediction.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var goldTokens = normalizedGold.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var goldCounts = goldTokens.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var common = predictionTokens.GroupBy(t => t, StringComparer.Ordinal).Sum(g => Math.Min(g.Count(), goldCounts.GetValueOrDefault(g.Key)));
        if (common == 0)
        {
            return TokenOverlap.Zero;
        }

        var precision = (double)common / predictionTokens.Length;
        var recall = (double)common / goldTokens.Length;
        return new TokenOverlap(2 * precision * recall / (precision + recall), precision, recall);
    }

    /// <summary>Token-level F1 (see <see cref="Overlap"/>).</summary>
    public static double F1(string? prediction, string gold) => Overlap(prediction, gold).F1;

    [GeneratedRegex(@"\b(a|an|the)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Articles();
}
