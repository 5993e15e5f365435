namespace BetterTogether.Core.LanguageModels;

/// <summary>Accumulated LM usage.</summary>
/// <param name="Calls">Chat calls made.</param>
/// <param name="InputTokens">Prompt tokens the server reported.</param>
/// <param name="OutputTokens">Generated tokens the server reported.</param>
public sealed record UsageTotals(long Calls, long InputTokens, long OutputTokens)
{
    /// <summary>No usage.</summary>
    public static UsageTotals Zero { get; } = new(0, 0, 0);

    /// <summary>Adds two totals.</summary>
    public static UsageTotals operator +(UsageTotals left, UsageTotals right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(left.Calls + right.Calls, left.InputTokens + right.InputTokens, left.OutputTokens + right.OutputTokens);
    }

    /// <summary>Adds two totals (named alternative to the operator).</summary>
    public static UsageTotals Add(UsageTotals left, UsageTotals right) => left + right;
}
