using System.Globalization;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Optimizers;
using BetterTogether.Workflow.Optimization.Activities;

// Orchestrator code must resume on the replay context: no ConfigureAwait(false) anywhere in this class.
#pragma warning disable CA2007

namespace BetterTogether.Workflow.Optimization;

/// <summary>The prompt (<c>p</c>) and weight (<c>w</c>) steps.</summary>
public sealed partial class BetterTogetherOrchestration
{
    private static async Task<StepOutcome> PromptStepAsync(RunContext run, int step, string stage, string studentPath)
    {
        var request = run.Request;
        var seeds = BootstrapFewShotWithRandomSearch.CandidateSeeds(request.NumCandidates);
        run.Status("bootstrap", step, $"bootstrapping {seeds.Count} candidate programs");
        var built = await Task.WhenAll(seeds.Select(seed => run.CallAsync<BootstrapCandidateResult>(
            OptimizationActivityNames.BootstrapCandidate,
            stage,
            new BootstrapCandidateInput(run.Ref, step, studentPath, seed, request.NumCandidates, request.MaxBootstrappedDemos, request.MaxLabeledDemos, request.MaxErrors),
            r => r.Usage)));

        run.Status("evaluate", step, $"scoring {seeds.Count} candidates on {run.ValCount} validation examples");
        var scores = await Task.WhenAll(built.Select(b => ScoreAsync(run, b.ProgramPath, "val", run.ValCount, stage)));
        var best = BootstrapFewShotWithRandomSearch.SelectBest(scores);
        var candidates = seeds.Select((seed, i) => new CandidateScore(seed, scores[i], built[i].ProgramPath)).ToList();
        return new StepOutcome(scores[best], built[best].ProgramPath, built[best].DemosPerPredictor, seeds[best], candidates, null);
    }

    /// <remarks>
    /// A weight step learns only from traced runs that pass the metric. When none does, there is nothing to fine-tune
    /// on: the step keeps the program (and its score) unchanged and says so, and the strategy goes on.
    /// </remarks>
    private static async Task<StepOutcome> WeightStepAsync(RunContext run, int step, string stage, StepOutcome student)
    {
        var studentPath = student.ProgramPath;
        var request = run.Request;
        var shards = Math.Min(request.TraceShards, run.TrainCount);
        run.Status("traces", step, $"tracing the program over {run.TrainCount} training examples in {shards} shards");
        var traces = await Task.WhenAll(Enumerable.Range(0, shards).Select(shard => run.CallAsync<CollectTracesResult>(
            OptimizationActivityNames.CollectTraces, stage, new CollectTracesInput(run.Ref, step, studentPath, shard, shards, request.MaxErrors), r => r.Usage)));

        var kept = traces.Sum(t => t.Kept);
        var traced = traces.Sum(t => t.Examples);
        if (kept == 0)
        {
            var skipped = $"none of the {traced} traced training runs passed the metric, so there was nothing to fine-tune on; the program is unchanged";
            run.Status("skipped", step, skipped);
            return new StepOutcome(student.Score, studentPath, student.DemosPerPredictor, null, null, null, skipped);
        }

        run.Status("finetune-data", step, $"{kept} of {traced} traced runs kept ({traces.Sum(t => t.ParseFailures)} parse failures dropped)");
        var data = await run.CallAsync<BuildFinetuneDataResult>(
            OptimizationActivityNames.BuildFinetuneData, stage, new BuildFinetuneDataInput(run.Ref, step, studentPath, [.. traces.Select(t => t.TracesPath)], request.FineTune), r => r.Usage);

        run.Status("training", step, $"starting {data.Jobs.Count} fine-tuning job(s) on {data.Jobs.Sum(j => j.Records)} records");
        var started = await Task.WhenAll(data.Jobs.Select(job => run.Context.CallActivityAsync<TrainingStatus>(
            OptimizationActivityNames.StartTraining, new StartTrainingInput(job, request.FineTune, request.Seed), run.Options)));
        var adapters = new Dictionary<string, AdapterReference>(StringComparer.Ordinal);
        for (var i = 0; i < data.Jobs.Count; i++)
        {
            adapters[data.Jobs[i].Key] = await WaitForTrainingAsync(run, step, started[i]);
        }

        var applied = await run.CallAsync<ApplyAdaptersResult>(
            OptimizationActivityNames.ApplyAdapters, stage, new ApplyAdaptersInput(run.Ref, step, studentPath, data.Jobs, adapters), r => r.Usage);
        run.Adapter = adapters.Values.First();

        run.Status("evaluate", step, $"scoring the fine-tuned program on {run.ValCount} validation examples");
        var score = await ScoreAsync(run, applied.ProgramPath, "val", run.ValCount, stage);
        return new StepOutcome(score, applied.ProgramPath, applied.DemosPerPredictor, null, null, [.. data.Jobs.Select(j => j.JobId)]);
    }

    /// <summary>Polls a job with durable timers, doubling the delay up to the maximum, until it ends or the deadline passes.</summary>
    private static async Task<AdapterReference> WaitForTrainingAsync(RunContext run, int step, TrainingStatus status)
    {
        var request = run.Request;
        var context = run.Context;
        var deadline = context.CurrentUtcDateTime + request.TrainingTimeout;
        var delay = request.TrainingPollInterval;
        while (true)
        {
            switch (status.State)
            {
                case FineTuneJobState.Succeeded:
                    return status.Adapter ?? throw new OptimizationStepFailedException($"Fine-tuning job \"{status.JobId}\" succeeded but reported no adapter.");
                case FineTuneJobState.Failed or FineTuneJobState.Cancelled:
                    throw new OptimizationStepFailedException($"Fine-tuning job \"{status.JobId}\" ended {status.State}: {status.Error ?? "no error given"}.");
            }

            if (context.CurrentUtcDateTime >= deadline)
            {
                throw new OptimizationStepFailedException(
                    $"Fine-tuning job \"{status.JobId}\" did not finish within the training timeout of {request.TrainingTimeout} (last state {status.State}).");
            }

            var progress = status.Progress is { } p
                ? string.Create(CultureInfo.InvariantCulture, $"training step {p.Step}/{p.TotalSteps}, loss {p.Loss:F4}")
                : status.State.ToString().ToLowerInvariant();
            run.Status("training", step, $"job {status.JobId}: {progress}");
            var next = context.CurrentUtcDateTime + delay;
            await context.CreateTimer(next < deadline ? next : deadline, CancellationToken.None);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, request.MaxTrainingPollInterval.Ticks));
            status = await context.CallActivityAsync<TrainingStatus>(OptimizationActivityNames.GetTrainingStatus, status.JobId, run.Options);
        }
    }
}
