using BetterTogether.Core.Examples;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.Optimizers;
using BetterTogether.Core.State;
using BetterTogether.Storage;
using BetterTogether.Workflow.Optimization;
using Microsoft.DurableTask.Client;
using BetterTogether.Workflow.Tests.Fakes;

namespace BetterTogether.Workflow.Tests.Optimization;

/// <summary>The whole BetterTogether orchestration on the real Durable engine; derived classes pick the backend.</summary>
public abstract class BetterTogetherOrchestrationTests(DurableBackends backends)
{
    protected DurableBackends Backends => backends;

    [Fact]
    public async Task RunAsync_PromptWeightPrompt_WritesArtifactsAndImprovesWithAdapter()
    {
        var store = new InMemoryArtifactStore();
        var lm = new AdditionLm();
        var fineTuner = new InMemoryFineTuner();
        await using var runtime = await OptimizationHarness.StartAsync(backends.Create(), store, lm, fineTuner);

        var id = await runtime.StartRunAsync(OptimizationHarness.Request(), "run-pwp");
        var status = await runtime.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        var output = status.ReadOutputAs<OptimizationReport>()!;
        var report = await OptimizationHarness.ReadJsonAsync<OptimizationReport>(store, RunArtifacts.Report(id));

        // One report: the orchestration's output is runs/{id}/report.json, byte for byte, and carries the request it ran.
        Assert.Equal(ReportJson.Serialize(output), await store.ReadTextAsync(RunArtifacts.Report(id)));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(OptimizationHarness.Request()), System.Text.Json.JsonSerializer.Serialize(report.Request));
        Assert.True(report.DurationSeconds > 0 && report.DurationSeconds >= report.Usage.Max(u => u.DurationSeconds), $"run {report.DurationSeconds} s");
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
}
