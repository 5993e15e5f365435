using System.Globalization;
using System.Text;

namespace BetterTogether.Cli.PaperTable;

/// <summary>The paper's grid: the six strategies (rows) on the task families (columns), filled from runs.</summary>
internal sealed class PaperTableResults
{
    /// <summary>The rows, in the paper's order; "" is the unoptimized program (vanilla).</summary>
    public static IReadOnlyList<string> Strategies { get; } = ["", "p", "w", "p -> w", "w -> p", "p -> w -> p"];

    /// <summary>The runs that produce every row: p -> w -> p gives vanilla, p, p -> w and p -> w -> p; w -> p gives w and w -> p.</summary>
    public static IReadOnlyList<string> Runs { get; } = ["p -> w -> p", "w -> p"];

    private readonly Dictionary<(string Task, string Strategy), List<double?>> _scores = [];

    /// <summary>Records one seed's score of a strategy prefix (null when it failed).</summary>
    public void Add(string task, string strategy, double? score)
    {
        if (!_scores.TryGetValue((task, strategy), out var list))
        {
            _scores[(task, strategy)] = list = [];
        }

        list.Add(score);
    }

    /// <summary>A cell.</summary>
    public PaperTableCell Cell(string task, string strategy) => new(_scores.TryGetValue((task, strategy), out var list) ? list : []);

    /// <summary>Families where a combined strategy (p -> w, w -> p, p -> w -> p) beats both p and w on the mean.</summary>
    public IEnumerable<string> FamiliesWhereCombinedWins(IEnumerable<string> tasks) => tasks.Where(t =>
    {
        var combined = new[] { "p -> w", "w -> p", "p -> w -> p" }.Select(s => Cell(t, s).Mean ?? double.NegativeInfinity).Max();
        return combined > (Cell(t, "p").Mean ?? double.NegativeInfinity) && combined > (Cell(t, "w").Mean ?? double.NegativeInfinity);
    });

    /// <summary>The markdown table.</summary>
    public string ToMarkdown(IReadOnlyList<string> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var md = new StringBuilder();
        md.Append("| strategy | ").AppendJoin(" | ", tasks).AppendLine(" |");
        md.Append("|---|").AppendJoin(string.Empty, tasks.Select(_ => "---:|")).AppendLine();
        foreach (var strategy in Strategies)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {(strategy.Length == 0 ? "vanilla (zero-shot)" : strategy.Replace("->", "→", StringComparison.Ordinal))} | ");
            md.AppendJoin(" | ", tasks.Select(t => Cell(t, strategy).Format())).AppendLine(" |");
        }

        return md.ToString();
    }
}
