using System.Text.Json;
using BetterTogether.Cli.Optimize;
using BetterTogether.Cli.Reports;
using BetterTogether.Core.State;
using BetterTogether.Durable;
using BetterTogether.Durable.Client;
using BetterTogether.Storage;
using BetterTogether.Workflow.Hosting;
using BetterTogether.Workflow.Optimization;
using Microsoft.DurableTask.Client;

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
        var report = ReportJson.Deserialize(await File.ReadAllTextAsync(Path.Combine(output, "report.json")));
        Assert.Equal(task, report.Task);
        Assert.Equal(["p"], report.Steps.Select(s => s.Strategy));
        Assert.Equal(["", "p"], ReportView.Rows(report).Select(s => s.Strategy));
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(output, "report.html")), StringComparison.Ordinal);
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(output, "traces.jsonl")))
        {
            using var _ = JsonDocument.Parse(line);
        }

        Assert.Contains("report.html", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_Run_WritesTheOrchestrationsOutputAsReportJsonAndRendersReportHtmlFromIt()
    {
        var work = OptimizeHarness.NewTempFolder("one-report");
        var storeFolder = Path.Combine(work, "store");
        var output = Path.Combine(work, "out");
        var (exit, text) = await OptimizeHarness.RunAsync(
            "--task", "iris", "--strategy", "p", "--model", TinyModelFolder.Path, "--store", storeFolder, "--run-id", "one-report",
            "--train-size", "4", "--val-size", "3", "--candidates", "1", "--max-demos", "1", "--epochs", "3", "--output", output);
        Assert.True(exit == 0, text);

        var json = await File.ReadAllTextAsync(Path.Combine(output, "report.json"));
        var report = ReportJson.Deserialize(json);
        var orchestrationOutput = await ReadOrchestrationOutputAsync(storeFolder, "one-report");

        // One document: the orchestration's output, the store's runs/{id}/report.json and the output folder's copy.
        Assert.Equal(ReportJson.Serialize(orchestrationOutput), json);
        Assert.Equal(json, await File.ReadAllTextAsync(Path.Combine(storeFolder, "runs", "one-report", "report.json")));
        Assert.Equal("one-report", report.InstanceId);
        Assert.StartsWith(Path.GetFileName(TinyModelFolder.Path) + "@", report.ModelId, StringComparison.Ordinal);
        Assert.Equal((1, 1, 1, 3), (report.Request.NumCandidates, report.Request.MaxBootstrappedDemos, report.Request.MaxLabeledDemos, report.Request.FineTune.Epochs));
        Assert.True(report.DurationSeconds > 0, $"duration {report.DurationSeconds}");
        Assert.Equal(ReportHtmlRenderer.Render(report), await File.ReadAllTextAsync(Path.Combine(output, "report.html")));
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Object, document.RootElement.GetProperty("request").ValueKind);
        Assert.False(document.RootElement.TryGetProperty("lmCallsThisInvocation", out _), "LM calls of one invocation are console-only");
    }

    [Fact]
    public async Task Optimize_RerunWithSameRunId_ResumesWithoutLmCalls()
    {
        var work = OptimizeHarness.NewTempFolder("resume");
        string[] args = ["--task", "iris", "--strategy", "p", "--model", TinyModelFolder.Path, "--store", Path.Combine(work, "store"), "--run-id", "resume-me",
            "--train-size", "4", "--val-size", "3", "--candidates", "1", "--max-demos", "1", "--output", Path.Combine(work, "out")];

        var (first, firstText) = await OptimizeHarness.RunAsync(args);
        var firstReport = await File.ReadAllTextAsync(Path.Combine(work, "out", "report.json"));
        var (second, secondText) = await OptimizeHarness.RunAsync(args);
        var secondReport = await File.ReadAllTextAsync(Path.Combine(work, "out", "report.json"));

        Assert.True(first == 0, firstText);
        Assert.True(second == 0, secondText);
        Assert.Contains("LM calls this invocation", firstText, StringComparison.Ordinal);
        Assert.DoesNotContain("LM calls this invocation", secondText, StringComparison.Ordinal);
        Assert.DoesNotContain("finished earlier", firstText, StringComparison.Ordinal);
        Assert.Contains("run resume-me finished earlier", secondText, StringComparison.Ordinal);
        Assert.Equal(firstReport, secondReport);
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
        var report = ReportJson.Deserialize(await File.ReadAllTextAsync(Path.Combine(output, "report.json")));
        Assert.Null(report.Error);
        Assert.Equal(["p", "p -> w", "p -> w -> p"], report.Steps.Select(s => s.Strategy));
        var weight = report.Steps[1];
        Assert.Equal(report.Steps[0].Score, weight.Score);
        Assert.Equal(report.Steps[0].DemosPerPredictor, weight.DemosPerPredictor);
        Assert.Null(weight.Adapter);
        Assert.Contains("none of the 4 traced training runs parsed and passed the metric", weight.Skipped, StringComparison.Ordinal);
        Assert.All(report.Steps.Where(s => s != weight), s => Assert.Null(s.Skipped));
        Assert.Contains("p -> w: skipped:", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(output, "adapter")), "a skipped weight step wrote an adapter");
        Assert.Contains("skipped: none of the 4", await File.ReadAllTextAsync(Path.Combine(output, "report.html")), StringComparison.Ordinal);
    }

    /// <summary>The run's output as the Durable backend holds it (the run's own embedded database, opened read-only).</summary>
    private static async Task<OptimizationReport> ReadOrchestrationOutputAsync(string storeFolder, string runId)
    {
        var database = DurableOptimizationBackend.DatabasePath(ArtifactStores.Open(storeFolder), runId);
        var reader = DurableBackend.CreateReader(new DurableBackendOptions { Backend = DurableBackendKind.Embedded, EmbeddedDatabasePath = database });
        try
        {
            await using var client = new OrchestrationServiceDurableTaskClient(reader, new OrchestrationServiceDurableTaskClientOptions { DataConverter = OptimizationRuntime.DataConverter });
            var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true);
            Assert.NotNull(instance);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
            return instance.ReadOutputAs<OptimizationReport>() ?? throw new InvalidOperationException($"Run {runId} has no output.");
        }
        finally
        {
            (reader as IDisposable)?.Dispose();
        }
    }
}
