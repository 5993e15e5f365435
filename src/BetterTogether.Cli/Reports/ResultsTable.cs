using System.Globalization;
using Spectre.Console;

namespace BetterTogether.Cli.Reports;

/// <summary>The console results table: baseline and each step with score, demos, adapter, LM calls, tokens and time.</summary>
internal static class ResultsTable
{
    /// <summary>Builds the Spectre table (it renders as plain text when the console has no ANSI support).</summary>
    public static Table Create(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new Table().Title(Markup.Escape($"{report.Task}: {report.Strategy} ({report.Metric}, seed {report.Seed})"));
        table.AddColumn("step");
        foreach (var column in new[] { "score", "demos", "adapter", "LM calls", "tokens", "time (s)" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var step in report.Steps)
        {
            var label = Markup.Escape(step.Label);
            if (step.Strategy == report.BestStrategy)
            {
                label = $"[bold green]{label} *[/]";
            }

            table.AddRow(
                label,
                ReportHtmlRenderer.Format(step.Score),
                step.Demos.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(step.Adapter ?? "-"),
                step.LmCalls.ToString(CultureInfo.InvariantCulture),
                step.Tokens.ToString(CultureInfo.InvariantCulture),
                step.Seconds.ToString("0.0", CultureInfo.InvariantCulture));
        }

        return table;
    }
}
