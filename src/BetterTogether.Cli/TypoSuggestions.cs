using System.CommandLine;

namespace BetterTogether.Cli;

/// <summary>
/// "Did you mean" for a mistyped option, by optimal string alignment distance, in which swapping two neighbouring
/// letters is one edit: <c>--hepl</c> is one edit from <c>--help</c>. (System.CommandLine's own suggestions count a
/// swap as two edits and offered <c>--seed</c>.)
/// </summary>
internal static class TypoSuggestions
{
    /// <summary>The closest option names of <paramref name="command"/> (and <c>--help</c>) to <paramref name="token"/>, best first; empty when none is close.</summary>
    public static IReadOnlyList<string> For(Command command, string token)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(token);
        var names = command.Options.SelectMany(o => o.Aliases.Append(o.Name))
            .Concat(command.Subcommands.Select(c => c.Name))
            .Append("--help")
            .Where(n => !n.StartsWith("-?", StringComparison.Ordinal) && n != "/?" && n != "/h")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var limit = Math.Max(1, token.TrimStart('-').Length / 3);
        var scored = names.Select(n => (Name: n, Distance: Distance(token, n))).Where(s => s.Distance <= limit).ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Min(s => s.Distance);
        return [.. scored.Where(s => s.Distance == best).Select(s => s.Name).Order(StringComparer.Ordinal)];
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
