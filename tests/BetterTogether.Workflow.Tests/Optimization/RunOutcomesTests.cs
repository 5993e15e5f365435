using BetterTogether.Storage;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Fakes;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Workflow.Tests.Optimization;

/// <summary>Outcome counts, the near-zero diagnosis and the run's notes in the report of a real orchestration run.</summary>
public sealed class RunOutcomesTests : IDisposable
{
    private readonly DurableBackends.Embedded _backends = new();

    public void Dispose() => _backends.Dispose();

    [Fact]
    public async Task RunAsync_AdditionRun_OutcomeCountsAddUpToTheExamplesScored()
    {
        var (report, _) = await RunAsync(new AdditionLm(), OptimizationHarness.Request("p -> w"), "outcomes");

        var baseline = Assert.IsType<EvaluationOutcomes>(report.BaselineOutcomes);
        Assert.Equal(report.ValCount, baseline.Scored);
        Assert.True(baseline.Incorrect > 0, "odd sums are answered wrong without an adapter");
        Assert.All(baseline.Failures, f => Assert.Equal("incorrect", f.Kind));
        Assert.InRange(baseline.Failures.Count, 1, EvaluationOutcomes.MaxFailures);
        Assert.Contains("expected answer = ", baseline.Failures[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("question: ", baseline.Failures[0].Input, StringComparison.Ordinal);
        foreach (var outcomes in new[] { baseline, report.TestOutcomes! }.Concat(report.Steps.Select(s => s.Outcomes!)))
        {
            Assert.Equal(outcomes.Scored, outcomes.Correct + outcomes.Incorrect + outcomes.ParseFailures + outcomes.EmptyOutputs + outcomes.LmErrors);
        }

        Assert.All(report.Steps, s => Assert.Equal(report.ValCount, s.Outcomes!.Scored));
        Assert.Equal(report.TestCount, report.TestOutcomes!.Scored);
        Assert.Equal(report.ValCount, report.Steps[^1].Outcomes!.Correct);
        Assert.Null(report.Diagnosis);
        Assert.Empty(report.Notes!);
    }

    [Fact]
    public async Task RunAsync_ModelNeverKeepsTheFormat_ReportSaysWhatItMeansAndWhatToDo()
    {
        var (report, json) = await RunAsync(new AdditionLm { Garbles = (_, _) => true }, OptimizationHarness.Request("p"), "garbled");

        var baseline = Assert.IsType<EvaluationOutcomes>(report.BaselineOutcomes);
        Assert.True(baseline.Scored > 0);
        Assert.Equal(baseline.Scored, baseline.ParseFailures);
        var failure = baseline.Failures[0];
        Assert.Equal("parseFailure", failure.Kind);
        Assert.StartsWith("the answer is ", failure.Reply, StringComparison.Ordinal);
        Assert.Contains("answer", failure.Reason, StringComparison.Ordinal);
        Assert.NotNull(report.Diagnosis);
        Assert.Contains("does not follow the format", report.Diagnosis, StringComparison.Ordinal);
        Assert.Contains("--lm-endpoint", report.Diagnosis, StringComparison.Ordinal);
        Assert.Contains("\"diagnosis\": \"Every program scored near zero", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TrainSizeOverTheData_SaidOnceInTheNotes()
    {
        var request = OptimizationHarness.Request("p") with { TrainSize = 100 };

        var (report, _) = await RunAsync(new AdditionLm(), request, "capped");

        var note = Assert.Single(report.Notes!);
        Assert.Equal($"--train-size (trainSize) 100 is more than the {report.TrainCount} training examples the data has; used {report.TrainCount}.", note);
    }

    private async Task<(OptimizationReport Report, string Json)> RunAsync(AdditionLm lm, OptimizationRunRequest request, string id)
    {
        var store = new InMemoryArtifactStore();
        await using var runtime = await OptimizationHarness.StartAsync(_backends.Create(), store, lm, new InMemoryFineTuner());
        var instance = await runtime.StartRunAsync(request, id);
        var status = await runtime.WaitAsync(instance);
        Assert.True(status.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed, $"run ended {status.RuntimeStatus}");
        var json = await store.ReadTextAsync(RunArtifacts.Report(instance));
        return (ReportJson.Deserialize(json), json);
    }
}
