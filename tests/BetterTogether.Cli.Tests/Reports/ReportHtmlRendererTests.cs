using System.Xml.Linq;
using BetterTogether.Cli.Reports;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Cli.Tests.Reports;

public sealed class ReportHtmlRendererTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static StageUsage Usage(string stage, double fromSeconds, double toSeconds, long calls) =>
        new(stage, 1, calls, calls * 500, calls * 50, 0, calls, Start.AddSeconds(fromSeconds), Start.AddSeconds(toSeconds));

    private static OptimizationReport Sample(string task = "iris")
    {
        var usage = new[] { Usage("prepare", 0, 1, 0), Usage("baseline", 1, 4.5, 16), Usage("step1:p", 4.5, 34.5, 120), Usage("step2:w", 34.5, 94.5, 40) };
        return new OptimizationReport(
            "run-1", task, "exact", "p -> w -> p", 3, "bt-tiny@abc", 24, 12, 12, 40,
            [
                new StepReport(1, "p", "p", 62.5, new Dictionary<string, int> { ["classify"] = 3 }, null, "runs/run-1/steps/1/candidates/0.json", usage[2], 0, null, null, null),
                new StepReport(2, "w", "p -> w", null, new Dictionary<string, int>(), new AdapterReference("bt-ft-abc", "/adapters/bt-ft-abc"), null, usage[3], null, null, ["bt-ft-abc"], "step 2 (w) failed: <boom>"),
            ],
            "p", 62.5, 55, "runs/run-1/program.json", usage, "step 2 (w) failed: <boom>",
            new OptimizationRunRequest { Task = task, Strategy = "p -> w -> p", Seed = 3, NumCandidates = 5, MaxBootstrappedDemos = 2, MaxLabeledDemos = 2 });
    }

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
    public void Render_Report_ShowsTheBaselineRowTheRequestsBudgetsAndTheRunsWallTime()
    {
        var html = ReportHtmlRenderer.Render(Sample());

        Assert.Contains("<td>baseline</td><td>40.0</td><td>0</td><td>-</td><td>16</td><td>8800</td><td>3.5</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"best\"><td>p</td><td>62.5</td><td>3</td>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>candidates per prompt step</dt><dd>5</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>model</dt><dd>bt-tiny@abc</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>94.5 s</dd>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ReportReadBackFromJson_SameHtmlAsTheReport()
    {
        var report = Sample();

        Assert.Equal(ReportHtmlRenderer.Render(report), ReportHtmlRenderer.Render(ReportJson.Deserialize(ReportJson.Serialize(report))));
    }

    [Fact]
    public void Render_HostileText_IsEncoded()
    {
        var html = ReportHtmlRenderer.Render(Sample("<script>alert(1)</script>"));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<boom>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NearZeroRunWithParseFailures_ShowsDiagnosisCountsAndFailingExamples()
    {
        var failure = new FailedExample("parseFailure", "question: <1+2>", "the answer is 3", "the reply did not parse: missing output field(s) answer");
        var outcomes = new EvaluationOutcomes(12, 0, 1, 11, 0, 0, 0, [failure]);
        var report = Sample() with { BaselineScore = 0, Steps = [], BestStrategy = string.Empty, BestScore = 0, Error = null, BaselineOutcomes = outcomes, Notes = ["--train-size (trainSize) 100 is more than the 24 training examples the data has; used 24."] };

        var html = ReportHtmlRenderer.Render(report);

        Assert.Contains("Diagnosis:", html, StringComparison.Ordinal);
        Assert.Contains("does not follow the format", html, StringComparison.Ordinal);
        Assert.Contains("<td>11/12</td>", html, StringComparison.Ordinal);
        Assert.Contains("the answer is 3", html, StringComparison.Ordinal);
        Assert.Contains("question: &lt;1", html, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "is more than the 24 training examples"));
    }
}
