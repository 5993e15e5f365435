using BetterTogether.Core.Examples;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.Optimizers;
using BetterTogether.Core.State;
using BetterTogether.Storage;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Orchestration;
using BetterTogether.Workflow.Tests.Fakes;

namespace BetterTogether.Workflow.Tests.Optimization;

public sealed class BetterTogetherOrchestrationTests
{
    [Fact]
    public async Task RunAsync_PromptWeightPrompt_WritesArtifactsAndImprovesWithAdapter()
    {
        var store = new InMemoryArtifactStore();
        var lm = new AdditionLm();
        var fineTuner = new InMemoryFineTuner();
        await using var runtime = await OptimizationHarness.StartAsync(store, lm, fineTuner);

        var id = await OptimizationHarness.ScheduleAsync(runtime, OptimizationHarness.Request(), "run-pwp");
        var status = await runtime.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        var output = status.ReadOutputAs<OptimizationReport>()!;
        var report = await OptimizationHarness.ReadJsonAsync<OptimizationReport>(store, RunArtifacts.Report(id));
        Assert.Equal(output.BestScore, report.BestScore);
        Assert.Equal(3, report.Steps.Count);
        Assert.Null(report.Error);
        Assert.Equal((12, 6, 6), (report.TrainCount, report.ValCount, report.TestCount));

        // The base LM gets odd sums wrong; the fine-tuned LM gets everything right.
        Assert.True(report.BaselineScore < 100, $"baseline {report.BaselineScore}");
        Assert.Equal(100, report.Steps[1].Score);
        Assert.NotNull(report.Steps[1].Adapter);
        Assert.Equal(report.Steps[1].Adapter, report.Steps[2].Adapter);
        Assert.Equal(100, report.BestScore);
        Assert.Equal(100, report.TestScore);

        // Fan-out: one candidate per seed (-3..1), one evaluation per shard, one trace file per shard.
        var paths = store.Paths;
        foreach (var split in new[] { "train", "val", "test" })
        {
            Assert.Contains(RunArtifacts.Split(id, split), paths);
        }

        for (var seed = -3; seed <= 1; seed++)
        {
            ProgramState.FromJson(await store.ReadTextAsync(RunArtifacts.Candidate(id, 1, seed)));
            Assert.Contains(RunArtifacts.Candidate(id, 3, seed), paths);
        }

        Assert.Equal(5, report.Steps[0].Candidates!.Count);
        Assert.Equal(3, paths.Count(p => p.StartsWith($"runs/{id}/steps/2/traces/", StringComparison.Ordinal)));
        Assert.Equal(3, paths.Count(p => p.StartsWith($"runs/{id}/steps/0/program.eval/val/", StringComparison.Ordinal)));

        // Fine-tuning data is chat JSONL, one job per LM; the adapter is in the weight step's and the final program.
        var jobId = Assert.Single(report.Steps[1].TrainingJobs!);
        var chat = (await store.ReadTextAsync(RunArtifacts.FinetuneData(id, 2, jobId))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(chat);
        Assert.All(chat, line => Assert.Equal("assistant", System.Text.Json.JsonSerializer.Deserialize<ChatRecord>(line)!.Messages[^1].Role));
        Assert.Equal(jobId, ProgramState.FromJson(await store.ReadTextAsync(RunArtifacts.StepProgram(id, 2))).Predictors[0].Adapter!.Name);
        Assert.Equal(jobId, ProgramState.FromJson(await store.ReadTextAsync(RunArtifacts.Program(id))).Predictors[0].Adapter!.Name);

        // The prompt step after the weight step bootstraps on the fine-tuned LM.
        Assert.Contains(jobId, lm.AdaptersSeen);
        var bootstrapped = ProgramState.FromJson(await store.ReadTextAsync(RunArtifacts.Candidate(id, 3, -1)));
        Assert.Equal(jobId, bootstrapped.Predictors[0].Adapter!.Name);

        // Usage per stage adds up to the LM calls the program made.
        Assert.Equal(["prepare", "baseline", "step1:p", "step2:w", "step3:p", "test"], report.Usage.Select(u => u.Stage));
        Assert.Equal(lm.Calls, report.Usage.Sum(u => u.CacheMisses));
        Assert.All(report.Steps, s => Assert.True(s.Usage.Calls > 0 && s.Usage.InputTokens > 0, s.Strategy));
        Assert.True(report.Usage.Sum(u => u.CacheHits) > 0, "the zero-shot candidate re-scores the baseline from the cache");

        // ... and splits by predictor: every stage that called the LM attributes each call to a named predictor.
        Assert.All(report.Usage.Where(u => u.Calls > 0), u =>
        {
            Assert.NotNull(u.ByPredictor);
            Assert.Equal(u.Calls, u.ByPredictor!.Values.Sum(t => t.Calls));
            Assert.Equal(u.InputTokens, u.ByPredictor.Values.Sum(t => t.InputTokens));
            Assert.DoesNotContain(string.Empty, u.ByPredictor.Keys);
        });
        Assert.Equal("done", status.ReadCustomStatusAs<OptimizationProgress>()!.Stage);
    }

    [Fact]
    public async Task RunAsync_RestartDuringTraining_ReExecutesNothingCompleted()
    {
        var request = OptimizationHarness.Request("p -> w");

        // Reference: the same run without interruption.
        var referenceLm = new AdditionLm();
        var referenceTuner = new InMemoryFineTuner();
        await using (var reference = await OptimizationHarness.StartAsync(new InMemoryArtifactStore(), referenceLm, referenceTuner, maxConcurrentActivities: 1))
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await reference.WaitAsync(await OptimizationHarness.ScheduleAsync(reference, request, "ref"))).RuntimeStatus);
        }

        var store = new InMemoryArtifactStore();
        var lm = new AdditionLm();
        var fineTuner = new InMemoryFineTuner(gated: true);
        var first = await OptimizationHarness.StartAsync(store, lm, fineTuner, maxConcurrentActivities: 1);
        var id = await OptimizationHarness.ScheduleAsync(first, request, "restart");
        await TestHost.UntilAsync(async () => (await first.GetInstanceAsync(id))?.ReadCustomStatusAs<OptimizationProgress>() is { Stage: "training", Detail: var d } && d!.Contains("training step", StringComparison.Ordinal), "the run to poll training");
        await first.StopAsync();
        await first.DisposeAsync();
        var callsBeforeRestart = lm.Calls;

        await using var second = await OptimizationHarness.StartAsync(store, lm, fineTuner, maxConcurrentActivities: 1);
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
        await using var runtime = await OptimizationHarness.StartAsync(store, new AdditionLm { WrongWithoutAdapter = true }, fineTuner);

        var id = await OptimizationHarness.ScheduleAsync(runtime, OptimizationHarness.Request(), "run-skip");
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
        await using var runtime = await OptimizationHarness.StartAsync(store, new AdditionLm(), fineTuner);

        var id = await OptimizationHarness.ScheduleAsync(runtime, OptimizationHarness.Request(), "run-fail");
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
        await using var runtime = await OptimizationHarness.StartAsync(store, new AdditionLm(), new InMemoryFineTuner(gated: true));
        var request = OptimizationHarness.Request("w") with { TrainingTimeout = TimeSpan.FromMilliseconds(200) };

        var status = await runtime.WaitAsync(await OptimizationHarness.ScheduleAsync(runtime, request, "run-timeout"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Contains("did not finish within the training timeout", status.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p -> x", typeof(StrategyParseException))]
    [InlineData("p ->", typeof(StrategyParseException))]
    public void Validate_BadStrategy_Throws(string strategy, Type expected)
        => Assert.IsType(expected, Record.Exception(() => (OptimizationHarness.Request() with { Strategy = strategy }).Validate()));

    [Fact]
    public void Validate_BadBudget_NamesTheField()
    {
        var e = Assert.Throws<OptimizationRequestException>(() => (OptimizationHarness.Request() with { EvaluationShards = 0 }).Validate());
        Assert.Equal("evaluationShards", e.ParamName);
    }

    [Fact]
    public void Examples_RoundTripThroughSplitJsonl()
    {
        var example = AdditionTask.Create().Train[0];
        var json = System.Text.Json.JsonSerializer.Serialize(example);
        Assert.Equal(example, System.Text.Json.JsonSerializer.Deserialize<Example>(json));
    }
}
