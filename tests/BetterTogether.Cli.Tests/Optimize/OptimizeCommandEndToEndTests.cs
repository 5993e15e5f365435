using System.Text.Json;
using BetterTogether.Cli.Reports;
using BetterTogether.Core.State;

namespace BetterTogether.Cli.Tests.Optimize;

/// <summary>Shortened real runs of <c>bt optimize</c> (tiny random-weight model, small budgets) on each task family.</summary>
public sealed class OptimizeCommandEndToEndTests
{
    [Theory]
    [InlineData("iris")]
    [InlineData("arithmetic")]
    [InlineData("multihop")]
    public async Task Optimize_TaskFamilyWithSmallBudgets_WritesArtifactsThatParse(string task)
    {
        var work = OptimizeHarness.NewTempFolder(task);
        var output = Path.Combine(work, "out");
        var (exit, text) = await OptimizeHarness.RunAsync(
            "--task", task, "--strategy", "p", "--model", TinyModelFolder.Path, "--store", Path.Combine(work, "store"),
            "--train-size", "4", "--val-size", "3", "--candidates", "1", "--max-demos", "1", "--output", output);

        Assert.True(exit == 0, text);
        var program = await ProgramState.LoadAsync(Path.Combine(output, "program.json"));
        Assert.NotEmpty(program.Predictors);
        var report = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(output, "report.json")));
        Assert.Equal(task, report.Task);
        Assert.NotNull(report.Baseline);
        Assert.Equal(["", "p"], report.Steps.Select(s => s.Strategy));
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(output, "report.html")), StringComparison.Ordinal);
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(output, "traces.jsonl")))
        {
            using var _ = JsonDocument.Parse(line);
        }

        Assert.Contains("report.html", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_RerunWithSameRunId_ResumesWithoutLmCalls()
    {
        var work = OptimizeHarness.NewTempFolder("resume");
        string[] args = ["--task", "iris", "--strategy", "p", "--model", TinyModelFolder.Path, "--store", Path.Combine(work, "store"), "--run-id", "resume-me",
            "--train-size", "4", "--val-size", "3", "--candidates", "1", "--max-demos", "1", "--output", Path.Combine(work, "out")];

        var (first, firstText) = await OptimizeHarness.RunAsync(args);
        var firstReport = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(work, "out", "report.json")));
        var (second, secondText) = await OptimizeHarness.RunAsync(args);
        var secondReport = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(work, "out", "report.json")));

        Assert.True(first == 0, firstText);
        Assert.True(second == 0, secondText);
        Assert.True(firstReport.LmCallsThisInvocation > 0);
        Assert.Equal(0, secondReport.LmCallsThisInvocation);
        Assert.DoesNotContain("finished earlier", firstText, StringComparison.Ordinal);
        Assert.Contains("run resume-me finished earlier", secondText, StringComparison.Ordinal);
        Assert.Equal(firstReport.Steps.Select(s => (s.Strategy, s.Score, s.Demos)), secondReport.Steps.Select(s => (s.Strategy, s.Score, s.Demos)));
    }

    [Fact]
    public async Task Optimize_WeightStepWithoutSuccessfulTraces_IsSkippedAndTheStrategyGoesOn()
    {
        // A random-weight model never answers in the expected format, so the weight step has nothing to train on.
        var work = OptimizeHarness.NewTempFolder("wskip");
        var output = Path.Combine(work, "out");
        var (exit, text) = await OptimizeHarness.RunAsync(
            "--task", "iris", "--strategy", "p -> w -> p", "--model", TinyModelFolder.Path, "--store", Path.Combine(work, "store"),
            "--train-size", "4", "--val-size", "3", "--candidates", "1", "--max-demos", "1", "--output", output);

        Assert.True(exit == 0, text);
        var report = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(output, "report.json")));
        Assert.Null(report.Error);
        Assert.Equal(["", "p", "p -> w", "p -> w -> p"], report.Steps.Select(s => s.Strategy));
        var weight = report.Steps[2];
        Assert.Equal(report.Steps[1].Score, weight.Score);
        Assert.Equal(report.Steps[1].Demos, weight.Demos);
        Assert.Null(weight.Adapter);
        Assert.Contains("none of the 4 traced training runs parsed and passed the metric", weight.Skipped, StringComparison.Ordinal);
        Assert.All(report.Steps.Where(s => s != weight), s => Assert.Null(s.Skipped));
        Assert.Contains("p -> w: skipped:", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(output, "adapter")), "a skipped weight step wrote an adapter");
        Assert.Contains("skipped: none of the 4", await File.ReadAllTextAsync(Path.Combine(output, "report.html")), StringComparison.Ordinal);
    }
}
