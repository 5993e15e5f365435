using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Cli.Reports;

/// <summary>Renders <c>report.html</c> from the run's <see cref="OptimizationReport"/>: one self-contained page (inline CSS and SVG, no script, no external resource).</summary>
internal static class ReportHtmlRenderer
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}" +
        "th,td{border:1px solid #ccc;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left}" +
        ".best{font-weight:bold;background:#eef6ee}.error{color:#a00}.note{color:#850}pre{margin:0;white-space:pre-wrap;text-align:left;max-width:40em}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}";

    /// <summary>Renders the page.</summary>
    public static string Render(OptimizationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var e = HtmlEncoder.Default;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>bt optimize: {e.Encode(report.Task)} ({e.Encode(report.Strategy)})</title>");
        html.Append("<style>").Append(Style).Append("</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{e.Encode(report.Task)}: {e.Encode(report.Strategy)}</h1><dl>");
        Item(html, "run id", report.InstanceId);
        Item(html, "model", report.ModelId);
        Item(html, "metric", report.MetricName);
        Item(html, "seed", Number(report.Seed));
        Item(html, "examples (train / val / test)", $"{Number(report.TrainCount)} / {Number(report.ValCount)} / {Number(report.TestCount)}");
        if (report.Request is { } request)
        {
            // Absent from reports written before the report carried its request.
            Item(html, "candidates per prompt step", Number(request.NumCandidates));
            Item(html, "demos per predictor (bootstrapped / total)", $"{Number(request.MaxBootstrappedDemos)} / {Number(request.MaxLabeledDemos)}");
            Item(html, "LoRA epochs per weight step", Number(request.FineTune.Epochs));
        }

        Item(html, "best", $"{ReportView.Describe(report.BestStrategy)} ({ReportView.Format(report.BestScore)})");
        if (report.TestScore is { } test)
        {
            Item(html, "test score", ReportView.Format(test));
        }

        Item(html, "time", string.Create(CultureInfo.InvariantCulture, $"{report.DurationSeconds:0.0} s"));
        html.Append("</dl>");
        if (report.Error is { } error)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"error\">The run stopped early: {e.Encode(error)}</p>");
        }

        if (report.Diagnosis is { } diagnosis)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"error\"><b>Diagnosis:</b> {e.Encode(diagnosis)}</p>");
        }

        foreach (var note in report.Notes ?? [])
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Note: {e.Encode(note)}</p>");
        }

        var rows = ReportView.Rows(report);
        html.Append("<h2>Validation score per step</h2>").Append(ScoreChartSvg.Render(rows));
        html.Append("<h2>Steps</h2><table><thead><tr><th>step</th><th>score</th><th>demos</th><th>adapter</th><th>LM calls</th><th>tokens</th><th>time (s)</th>");
        foreach (var column in ReportView.OutcomeColumns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{e.Encode(column)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var step in rows)
        {
            var best = step.Strategy == report.BestStrategy ? " class=\"best\"" : string.Empty;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr{best}><td>{e.Encode(step.Label())}</td><td>{ReportView.Format(step.Score)}</td><td>{step.Demos()}</td><td>{e.Encode(step.Adapter?.Name ?? "-")}</td><td>{step.Usage.Calls}</td><td>{step.Tokens()}</td><td>{step.Usage.DurationSeconds:0.0}</td>");
            foreach (var cell in step.OutcomeCells())
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{e.Encode(cell)}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        foreach (var step in rows.Where(s => s.Skipped is not null))
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{e.Encode(step.Label())}: skipped: {e.Encode(step.Skipped!)}</p>");
        }

        AppendFailures(html, report);
        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>A few failing validation examples per row: the input, the raw reply and why it failed.</summary>
    private static void AppendFailures(StringBuilder html, OptimizationReport report)
    {
        var e = HtmlEncoder.Default;
        var failing = ReportView.Failures(report).ToList();
        if (failing.Count == 0)
        {
            return;
        }

        html.Append("<h2>Failing examples</h2>");
        foreach (var (step, failures) in failing)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{e.Encode(step.Label())}</h3><table><thead><tr><th>input</th><th>reply</th><th>why</th></tr></thead><tbody>");
            foreach (var failure in failures)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td><pre>{e.Encode(failure.Input)}</pre></td><td><pre>{e.Encode(failure.Reply)}</pre></td><td>{e.Encode(failure.Reason)}</td></tr>");
            }

            html.Append("</tbody></table>");
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Item(StringBuilder html, string name, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<dt>{HtmlEncoder.Default.Encode(name)}</dt><dd>{HtmlEncoder.Default.Encode(value)}</dd>");
}
