namespace BetterTogether.Core.Optimizers;

/// <summary>A parsed BetterTogether strategy such as <c>"p -> w -> p"</c>: optimizer keys run in order.</summary>
public sealed class BetterTogetherStrategy
{
    /// <summary>The separator between steps (DSPy's <c>STRAT_SEP</c>).</summary>
    public const string Separator = " -> ";

    private BetterTogetherStrategy(IReadOnlyList<string> steps) => Steps = steps;

    /// <summary>The optimizer keys in run order.</summary>
    public IReadOnlyList<string> Steps { get; }

    /// <summary>Parses a strategy. Whitespace around <c>-&gt;</c> is optional.</summary>
    /// <param name="strategy">Keys separated by <c>-&gt;</c>.</param>
    /// <param name="validKeys">When given, every step must be one of these keys.</param>
    /// <exception cref="StrategyParseException">The strategy is empty, has an empty step, or names an unknown key; the message says which.</exception>
    public static BetterTogetherStrategy Parse(string strategy, IEnumerable<string>? validKeys = null)
    {
        if (string.IsNullOrWhiteSpace(strategy))
        {
            throw new StrategyParseException("The strategy is empty; expected optimizer keys separated by \"->\", e.g. \"p -> w -> p\".");
        }

        var parts = strategy.Split("->").Select(s => s.Trim()).ToList();
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Length == 0)
            {
                throw new StrategyParseException($"Strategy \"{strategy}\" has an empty step at position {i + 1}; expected a key between every \"->\".");
            }

            if (parts[i].Any(char.IsWhiteSpace))
            {
                throw new StrategyParseException($"Strategy \"{strategy}\": step {i + 1} \"{parts[i]}\" contains whitespace; separate steps with \"->\".");
            }
        }

        if (validKeys is not null)
        {
            var keys = validKeys.ToList();
            var invalid = parts.Where(p => !keys.Contains(p, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
            if (invalid.Count > 0)
            {
                throw new StrategyParseException(
                    $"Strategy \"{strategy}\" contains unknown optimizer key(s) [{string.Join(", ", invalid)}]; valid keys are [{string.Join(", ", keys)}].");
            }
        }

        return new BetterTogetherStrategy(parts);
    }

    /// <summary>The strategy of the first <paramref name="count"/> steps, e.g. <c>"p -> w"</c> (empty for the baseline).</summary>
    public string Prefix(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Steps.Count);
        return string.Join(Separator, Steps.Take(count));
    }

    /// <inheritdoc />
    public override string ToString() => Prefix(Steps.Count);
}
