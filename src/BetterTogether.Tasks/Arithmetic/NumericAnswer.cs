using System.Globalization;
using System.Text.RegularExpressions;

namespace BetterTogether.Tasks.Arithmetic;

/// <summary>
/// Parses the final number of a free-text answer, as GSM8K's <c>#### N</c> would hold it:
/// <c>"... so she pays $1,234.50."</c> gives 1234.5. Handles thousands separators, a currency sign,
/// a trailing period, a sign and decimals.
/// </summary>
public static partial class NumericAnswer
{
    /// <summary>Parses the last number in <paramref name="text"/>.</summary>
    /// <param name="text">The prediction or gold answer.</param>
    /// <param name="value">The number, when found.</param>
    /// <returns>Whether a number was found.</returns>
    public static bool TryParseFinalNumber(string? text, out decimal value)
    {
        value = 0m;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var matches = NumberPattern().Matches(text);
        for (var i = matches.Count - 1; i >= 0; i--)
        {
            var match = matches[i];
            var digits = match.Groups["number"].Value.Replace(",", string.Empty, StringComparison.Ordinal);
            if (!decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var magnitude))
            {
                continue;
            }

            value = match.Groups["sign"].Success ? -magnitude : magnitude;
            return true;
        }

        return false;
    }

    // A sign may precede or follow a currency sign ("-$5", "$-5"); groups of three digits after commas only
    // (so "1,2" is two numbers); a decimal part needs a digit after the point (so "5." is 5 and a period).
    [GeneratedRegex(@"(?<sign>-|\u2212)?[$€£]?(?(sign)|(?<sign>-|\u2212)?)(?<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
