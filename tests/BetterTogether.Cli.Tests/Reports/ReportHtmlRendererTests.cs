using System.Xml.Linq;
using BetterTogether.Cli.Reports;

namespace BetterTogether.Cli.Tests.Reports;

public sealed class ReportHtmlRendererTests
{
    private static RunReport Sample(string task = "iris") => new()
    {
        RunId = "run-1",
        Task = task,
        Strategy = "p -> w -> p",
        Metric = "exact",
        Model = "models/bt-tiny",
        Seed = 3,
        Budgets = new Dictionary<string, int> { ["train_size"] = 24 },
        Steps =
        [
            new StepReport("", 40, 0, null, 16, 8000, 900, 3.5),
            new StepReport("p", 62.5, 3, null, 120, 70000, 9000, 30),
            new StepReport("p -> w", null, 3, "bt-ft-abc", 40, 20000, 3000, 60),
        ],
        BestStrategy = "p",
        BestScore = 62.5,
        TestScore = 55,
        Error = "step 3 (p) failed: <boom>",
        Seconds = 93.5,
    };

    [Fact]
    public void Render_Report_IsSelfContainedWithOneBarPerScoredStep()
    {
        var html = ReportHtmlRenderer.Render(Sample());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        var start = html.IndexOf("<svg", StringComparison.Ordinal);
        var svg = XElement.Parse(html[start..(html.IndexOf("</svg>", StringComparison.Ordinal) + 6)]);
        Assert.Equal(2, svg.Elements().Count(e => e.Name.LocalName == "rect"));
        Assert.Contains(svg.Elements(), e => e.Name.LocalName == "text" && e.Value == "n/a");
        Assert.Contains("62.5", html, StringComparison.Ordinal);
        Assert.Contains("bt-ft-abc", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HostileText_IsEncoded()
    {
        var html = ReportHtmlRenderer.Render(Sample("<script>alert(1)</script>"));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<boom>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_RoundTrips_BaselineAndSteps()
    {
        var report = RunReport.FromJson(Sample().ToJson());

        Assert.Equal(40, report.Baseline!.Score);
        Assert.Equal(["", "p", "p -> w"], report.Steps.Select(s => s.Strategy));
        Assert.Null(report.Steps[2].Score);
        Assert.Equal("bt-ft-abc", report.Steps[2].Adapter);
        Assert.Contains("\"best_strategy\": \"p\"", Sample().ToJson(), StringComparison.Ordinal);
    }
}
