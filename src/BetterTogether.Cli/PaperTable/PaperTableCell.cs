using System.Globalization;

namespace BetterTogether.Cli.PaperTable;

/// <summary>The validation scores of one strategy on one task family over the seeds (null: the step failed or did not run).</summary>
/// <param name="Scores">One entry per seed.</param>
internal sealed record PaperTableCell(IReadOnlyList<double?> Scores)
{
    /// <summary>"mean ± sample standard deviation" over the seeds that produced a score, with the failures counted.</summary>
    public string Format()
    {
        var scores = Scores.Where(s => s is not null).Select(s => s!.Value).ToList();
        if (scores.Count == 0)
        {
            return Scores.Count == 0 ? "–" : $"failed ({Scores.Count}/{Scores.Count})";
        }

        var mean = scores.Average();
        var sd = scores.Count > 1 ? Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / (scores.Count - 1)) : 0;
        var text = scores.Count > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{mean:0.0} ± {sd:0.0}")
            : string.Create(CultureInfo.InvariantCulture, $"{mean:0.0}");
        var failed = Scores.Count - scores.Count;
        return failed > 0 ? $"{text} ({failed} failed)" : text;
    }

    /// <summary>The mean over the seeds that produced a score, or null.</summary>
    public double? Mean => Scores.Any(s => s is not null) ? Scores.Where(s => s is not null).Average(s => s!.Value) : null;
}
