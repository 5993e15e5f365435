using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace BetterTogether.Cli.Reports;

/// <summary>Renders <c>report.html</c>: one self-contained page (inline CSS and SVG, no script, no external resource).</summary>
internal static class ReportHtmlRenderer
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}" +
        "th,td{border:1px solid #ccc;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left}" +
        ".best{font-weight:bold;background:#eef6ee}.error{color:#a00}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}";

    /// <summary>Renders the page.</summary>
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var e = HtmlEncoder.Default;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>bt optimize: {e.Encode(report.Task)} ({e.Encode(report.Strategy)})</title>");
        html.Append("<style>").Append(Style).Append("</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{e.Encode(report.Task)}: {e.Encode(report.Strategy)}</h1><dl>");
        Item(html, "run id", report.RunId);
        Item(html, "model", report.Model);
        Item(html, "metric", report.Metric);
        Item(html, "seed", report.Seed.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in report.Budgets)
        {
            Item(html, name, value.ToString(CultureInfo.InvariantCulture));
        }

        Item(html, "best", $"{(report.BestStrategy.Length == 0 ? "baseline" : report.BestStrategy)} ({Format(report.BestScore)})");
        if (report.TestScore is { } test)
        {
            Item(html, "test score", Format(test));
        }

        Item(html, "time", $"{report.Seconds:0.0} s");
        html.Append("</dl>");
        if (report.Error is { } error)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"error\">The run stopped early: {e.Encode(error)}</p>");
        }

        html.Append("<h2>Validation score per step</h2>").Append(ScoreChartSvg.Render(report.Steps));
        html.Append("<h2>Steps</h2><table><thead><tr><th>step</th><th>score</th><th>demos</th><th>adapter</th><th>LM calls</th><th>tokens</th><th>time (s)</th></tr></thead><tbody>");
        foreach (var step in report.Steps)
        {
            var best = step.Strategy == report.BestStrategy ? " class=\"best\"" : string.Empty;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr{best}><td>{e.Encode(step.Label)}</td><td>{Format(step.Score)}</td><td>{step.Demos}</td><td>{e.Encode(step.Adapter ?? "-")}</td><td>{step.LmCalls}</td><td>{step.Tokens}</td><td>{step.Seconds:0.0}</td></tr>");
        }

        html.Append("</tbody></table>");
        foreach (var step in report.Steps.Where(s => s.Skipped is not null))
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{e.Encode(step.Label)}: skipped: {e.Encode(step.Skipped!)}</p>");
        }

        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>A score as shown in reports: one decimal, or "n/a".</summary>
    public static string Format(double? score) => score is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "n/a";

    private static void Item(StringBuilder html, string name, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<dt>{HtmlEncoder.Default.Encode(name)}</dt><dd>{HtmlEncoder.Default.Encode(value)}</dd>");
}
