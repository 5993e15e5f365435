using System.Globalization;
using BetterTogether.Workflow.Optimization;
using Spectre.Console;

namespace BetterTogether.Cli.Reports;

/// <summary>The console results table: baseline and each step with score, demos, adapter, LM calls, tokens, time and outcome counts (correct, parse failures, empty outputs, LM errors, demos cut).</summary>
internal static class ResultsTable
{
    /// <summary>Builds the Spectre table (it renders as plain text when the console has no ANSI support).</summary>
    public static Table Create(OptimizationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new Table().Title(Markup.Escape($"{report.Task}: {report.Strategy} ({report.MetricName}, seed {report.Seed})"));
        table.AddColumn("step");
        foreach (var column in new[] { "score", "demos", "adapter", "LM calls", "tokens", "time (s)" }.Concat(ReportView.OutcomeColumns))
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var step in ReportView.Rows(report))
        {
            var label = Markup.Escape(step.Label());
            if (step.Strategy == report.BestStrategy)
            {
                label = $"[bold green]{label} *[/]";
            }

            string[] cells =
            [
                label,
                ReportView.Format(step.Score),
                step.Demos().ToString(CultureInfo.InvariantCulture),
                Markup.Escape(step.Adapter?.Name ?? "-"),
                step.Usage.Calls.ToString(CultureInfo.InvariantCulture),
                step.Tokens().ToString(CultureInfo.InvariantCulture),
                step.Usage.DurationSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                .. step.OutcomeCells(),
            ];
            table.AddRow(cells);
        }

        return table;
    }
}
