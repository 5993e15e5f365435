using BetterTogether.Storage;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Fakes;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Workflow.Tests.Optimization;

/// <summary>The orchestration on the embedded SQLite backend, with restarts, skips and failures.</summary>
public sealed class BetterTogetherOrchestrationOnEmbeddedTests() : BetterTogetherOrchestrationTests(new DurableBackends.Embedded()), IDisposable
{
    public void Dispose() => Backends.Dispose();

    [Fact]
    public async Task RunAsync_RestartDuringTraining_ReExecutesNothingCompleted()
    {
        var request = OptimizationHarness.Request("p -> w");

        // Reference: the same run without interruption.
        var referenceLm = new AdditionLm();
        var referenceTuner = new InMemoryFineTuner();
        await using (var reference = await OptimizationHarness.StartAsync(Backends.Create(maxConcurrentActivities: 1), new InMemoryArtifactStore(), referenceLm, referenceTuner))
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await reference.WaitAsync(await reference.StartRunAsync(request, "ref"))).RuntimeStatus);
        }

        var store = new InMemoryArtifactStore();
        var lm = new AdditionLm();
        var fineTuner = new InMemoryFineTuner(gated: true);
        var backend = Backends.Create(maxConcurrentActivities: 1);
        var first = await OptimizationHarness.StartAsync(backend, store, lm, fineTuner);
        var id = await first.StartRunAsync(request, "restart");
        await OptimizationHarness.UntilAsync(async () => (await first.Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<OptimizationProgress>() is { Stage: "training", Detail: var d } && d!.Contains("training step", StringComparison.Ordinal), "the run to poll training");
        await first.DisposeAsync();
        var callsBeforeRestart = lm.Calls;

        await using var second = await OptimizationHarness.StartAsync(DurableBackends.Embedded.Reopen(backend), store, lm, fineTuner);
        fineTuner.Release();
        var status = await second.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.True(callsBeforeRestart > 0);
        Assert.Equal(referenceLm.Calls, lm.Calls);
        Assert.Equal(1, fineTuner.Starts);
        Assert.Equal(100, status.ReadOutputAs<OptimizationReport>()!.BestScore);
    }

    [Fact]
    public async Task RunAsync_NoTracePassesTheMetric_SkipsTheWeightStepAndGoesOn()
    {
        var store = new InMemoryArtifactStore();
        var fineTuner = new InMemoryFineTuner();
        await using var runtime = await OptimizationHarness.StartAsync(Backends.Create(), store, new AdditionLm { WrongWithoutAdapter = true }, fineTuner);

        var id = await runtime.StartRunAsync(OptimizationHarness.Request(), "run-skip");
        var status = await runtime.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        var report = await OptimizationHarness.ReadJsonAsync<OptimizationReport>(store, RunArtifacts.Report(id));
        Assert.False(report.ErrorOccurred);
        Assert.Equal(["p", "w", "p"], report.Steps.Select(s => s.Optimizer));
        var weight = report.Steps[1];
        Assert.Contains("nothing to fine-tune on", weight.Skipped, StringComparison.Ordinal);
        Assert.Equal(report.Steps[0].Score, weight.Score);
        Assert.Equal(report.Steps[0].ProgramPath, weight.ProgramPath);
        Assert.Null(weight.Adapter);
        Assert.Null(weight.TrainingJobs);
        Assert.Null(report.Steps[0].Skipped);
        Assert.Null(report.Steps[2].Skipped);
        Assert.Equal(0, fineTuner.Starts);
    }

    [Fact]
    public async Task RunAsync_TrainingJobFails_FailsLoudlyAndReportsBestSoFar()
    {
        var store = new InMemoryArtifactStore();
        var fineTuner = new InMemoryFineTuner { FailWith = "CUDA out of memory" };
        await using var runtime = await OptimizationHarness.StartAsync(Backends.Create(), store, new AdditionLm(), fineTuner);

        var id = await runtime.StartRunAsync(OptimizationHarness.Request(), "run-fail");
        var status = await runtime.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Contains("CUDA out of memory", status.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("best program so far", status.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        var report = await OptimizationHarness.ReadJsonAsync<OptimizationReport>(store, RunArtifacts.Report(id));
        Assert.True(report.ErrorOccurred);
        Assert.Equal(2, report.Steps.Count);
        Assert.Null(report.Steps[1].Score);
        Assert.Contains("Step 2/3 (\"w\") failed", report.Steps[1].Error, StringComparison.Ordinal);
        Assert.Equal(report.Steps[0].Score, report.BestScore);
        var best = report.Steps[0].Candidates!.First(c => c.Seed == report.Steps[0].BestSeed);
        Assert.True(report.BestStrategy.Length == 0 || await store.ReadTextAsync(best.ProgramPath) == await store.ReadTextAsync(RunArtifacts.Program(id)));
        Assert.Equal("failed", status.ReadCustomStatusAs<OptimizationProgress>()!.Stage);
    }

    [Fact]
    public async Task RunAsync_TrainingNeverFinishes_FailsAtDeadline()
    {
        var store = new InMemoryArtifactStore();
        await using var runtime = await OptimizationHarness.StartAsync(Backends.Create(), store, new AdditionLm(), new InMemoryFineTuner(gated: true));
        var request = OptimizationHarness.Request("w") with { TrainingTimeout = TimeSpan.FromMilliseconds(200) };

        var status = await runtime.WaitAsync(await runtime.StartRunAsync(request, "run-timeout"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Contains("did not finish within the training timeout", status.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }
}
