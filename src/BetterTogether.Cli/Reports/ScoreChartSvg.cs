using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Cli.Reports;

/// <summary>An inline SVG bar chart of the valset score per step (0–100 %), with no script or external style.</summary>
internal static class ScoreChartSvg
{
    private const int Height = 260;
    private const int Top = 20;
    private const int Bottom = 60;
    private const int Left = 48;
    private const int BarWidth = 64;
    private const int Gap = 28;

    /// <summary>Renders the chart of <see cref="ReportView.Rows"/>; a failed (unscored) step shows as an empty slot labelled "n/a".</summary>
    public static string Render(IReadOnlyList<StepReport> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var plot = Height - Top - Bottom;
        var width = Left + (Math.Max(steps.Count, 1) * (BarWidth + Gap)) + Gap;
        var encoder = HtmlEncoder.Default;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Height}\" viewBox=\"0 0 {width} {Height}\" role=\"img\" aria-label=\"Validation score per step\">");
        for (var tick = 0; tick <= 100; tick += 25)
        {
            var y = Top + plot - (plot * tick / 100.0);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{width - 8}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" font-size=\"11\" text-anchor=\"end\">{tick}</text>");
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var x = Left + Gap + (i * (BarWidth + Gap));
            var label = encoder.Encode(steps[i].Label());
            if (steps[i].Score is { } score)
            {
                var h = plot * Math.Clamp(score, 0, 100) / 100.0;
                var y = Top + plot - h;
                var fill = steps[i].Adapter is null ? "#4c78a8" : "#f58518";
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y:0.##}\" width=\"{BarWidth}\" height=\"{h:0.##}\" fill=\"{fill}\"><title>{label}: {score:0.0}</title></rect>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (BarWidth / 2)}\" y=\"{y - 4:0.##}\" font-size=\"12\" text-anchor=\"middle\">{score:0.0}</text>");
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (BarWidth / 2)}\" y=\"{Top + plot - 4}\" font-size=\"12\" text-anchor=\"middle\">n/a</text>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (BarWidth / 2)}\" y=\"{Top + plot + 18}\" font-size=\"11\" text-anchor=\"middle\">{label}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top + plot}\" x2=\"{width - 8}\" y2=\"{Top + plot}\" stroke=\"#333\"/>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
