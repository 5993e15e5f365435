using System.Globalization;
using BetterTogether.Core.Evaluation;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Optimizers;
using BetterTogether.Workflow.Optimization.Activities;
using Microsoft.DurableTask;

// Orchestrator code must resume on the replay context: no ConfigureAwait(false) anywhere in this class.
#pragma warning disable CA2007

namespace BetterTogether.Workflow.Optimization;

/// <summary>
/// BetterTogether (Soylu, Potts, Khattab, EMNLP 2024) as a durable orchestration: prepare data, score the baseline,
/// run the strategy's steps (<c>p</c>: random search over bootstrapped demo sets, fanned out per candidate seed;
/// <c>w</c>: trace, build chat data, LoRA fine-tune through the fine-tuner port polled with durable timers), keep the
/// best program on the validation set, score it on the test set and write the report.
/// </summary>
/// <remarks>
/// Deterministic and replay-safe: no I/O, no wall clock, no random GUIDs; every decision follows from the
/// <see cref="OptimizationRunRequest"/> and activity results. Scoring, skipping, seeding and selection follow
/// <see cref="BetterTogetherStepPolicy"/>, as the in-process <see cref="BetterTogetherOptimizer"/> does, so both drivers
/// agree on the same inputs. A failing step stops the run: the best program so far is still scored and reported, then
/// the orchestration fails with <see cref="OptimizationStepFailedException"/>.
/// </remarks>
[DurableTask(OptimizationActivityNames.Orchestration)]
public sealed class BetterTogetherOrchestration : TaskOrchestrator<OptimizationRunRequest, OptimizationReport>
{
    /// <inheritdoc/>
    public override async Task<OptimizationReport> RunAsync(TaskOrchestrationContext context, OptimizationRunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = new RunContext(context, input, input.Validate());
        run.Status("prepare", 0, "writing data splits and the baseline program");
        var data = await run.CallAsync<PrepareDataResult>(OptimizationActivityNames.PrepareData, "prepare", new PrepareDataInput(run.Ref, input.TrainSize, input.ValSize, input.TestSize), r => r.Usage);
        (run.TrainCount, run.ValCount, run.TestCount) = (data.TrainCount, data.ValCount, data.TestCount);

        run.Status("baseline", 0, $"scoring the baseline on {data.ValCount} validation examples");
        var (baselineEvaluation, baselineOutcomes) = await EvaluateAsync(run, data.BaselinePath, "val", data.ValCount, "baseline");
        var baseline = baselineEvaluation.Score;
        run.BestScore = baseline;
        var notes = RunNotes.SizesCapped(input, data.TrainCount, data.ValCount, data.TestCount).ToList();
        var programs = new List<(string Strategy, double Score, string Path)> { (string.Empty, baseline, data.BaselinePath) };
        var steps = new List<StepReport>();
        var student = new StepOutcome(baseline, data.BaselinePath, new Dictionary<string, int>(StringComparer.Ordinal), null, null, null, null, baselineOutcomes);
        string? error = null;
        for (var i = 0; i < run.Strategy.Steps.Count; i++)
        {
            var step = i + 1;
            var key = run.Strategy.Steps[i];
            var stage = $"step{step}:{key}";
            StepOutcome outcome;
            try
            {
                outcome = key == "w" ? await WeightStepAsync(run, step, stage, student) : await PromptStepAsync(run, step, stage, student.ProgramPath);
            }
            catch (Exception e) when (e is TaskFailedException or OptimizationStepFailedException or EvaluationAbortedException)
            {
                error = BetterTogetherStepPolicy.StepFailure(step, run.Strategy.Steps.Count, key, e.Message);
                steps.Add(new StepReport(step, key, run.Strategy.Prefix(step), null, new Dictionary<string, int>(), null, null, run.Ledger.Get(stage), null, null, null, error));
                break;
            }

            student = outcome;
            programs.Add((run.Strategy.Prefix(step), outcome.Score, outcome.ProgramPath));
            run.BestScore = Math.Max(run.BestScore ?? double.NegativeInfinity, outcome.Score);
            steps.Add(new StepReport(step, key, run.Strategy.Prefix(step), outcome.Score, outcome.DemosPerPredictor, run.Adapter, outcome.ProgramPath, run.Ledger.Get(stage), outcome.BestSeed, outcome.Candidates, outcome.TrainingJobs, null, outcome.Skipped, outcome.Outcomes));
            if (outcome.Skipped is null && RunNotes.DemosDropped($"step {step} ({run.Strategy.Prefix(step)})", outcome.Outcomes) is { } dropped)
            {
                notes.Add(dropped);
            }
        }

        var best = programs[BetterTogetherStepPolicy.SelectBest([.. programs.Select(p => (double?)p.Score)], hasValset: true)];
        double? testScore = null;
        EvaluationOutcomes? testOutcomes = null;
        if (data.TestCount > 0)
        {
            run.Status("test", run.Strategy.Steps.Count, $"scoring the best program ({Describe(best.Strategy)}) on {data.TestCount} test examples");
            var (test, outcomes) = await EvaluateAsync(run, best.Path, "test", data.TestCount, "test");
            (testScore, testOutcomes) = (test.Score, outcomes);
            if (RunNotes.DemosDropped("test", testOutcomes) is { } dropped)
            {
                notes.Add(dropped);
            }
        }

        var report = new OptimizationReport(
            context.InstanceId, input.Task, data.MetricName, run.Strategy.ToString(), input.Seed, data.ModelId,
            data.TrainCount, data.ValCount, data.TestCount, baseline, steps, best.Strategy, best.Score, testScore,
            RunArtifacts.Program(context.InstanceId), run.Ledger.Stages, error, input, baselineOutcomes, testOutcomes, notes);
        run.Status("report", run.Strategy.Steps.Count, "writing report.json and program.json");
        await context.CallActivityAsync<bool>(OptimizationActivityNames.Report, new ReportInput(report, best.Path), run.Options);
        if (error is not null)
        {
            run.Status("failed", steps.Count, error);
            throw new OptimizationStepFailedException(
                $"{error} The best program so far ({Describe(best.Strategy)}, validation {best.Score}) is at {report.ProgramPath}; see {RunArtifacts.Report(context.InstanceId)}.");
        }

        run.Status("done", run.Strategy.Steps.Count, $"best: {Describe(best.Strategy)}, validation {best.Score}, test {testScore?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"}");
        return report;
    }

    private static string Describe(string strategy) => strategy.Length == 0 ? "baseline" : $"\"{strategy}\"";

    /// <summary>
    /// Evaluates a program on a split: one Evaluate activity per shard, fanned out, each with the whole error budget;
    /// the shards' errors are summed before deciding whether the evaluation aborted (<see cref="BetterTogetherStepPolicy.CombineShards"/>),
    /// and their outcome counts are added up.
    /// </summary>
    private static async Task<(EvaluationOutcome Outcome, EvaluationOutcomes? Outcomes)> EvaluateAsync(RunContext run, string programPath, string split, int count, string stage)
    {
        var shards = Math.Min(run.Request.EvaluationShards, count);
        var budget = BetterTogetherStepPolicy.ShardErrorBudget(run.Request.MaxErrors);
        var results = await Task.WhenAll(Enumerable.Range(0, shards).Select(shard =>
            run.CallAsync<EvaluateResult>(OptimizationActivityNames.Evaluate, stage, new EvaluateInput(run.Ref, programPath, split, shard, shards, budget), r => r.Usage)));
        return (BetterTogetherStepPolicy.CombineShards([.. results.Select(r => r.ToOutcome())], run.Request.MaxErrors), EvaluationOutcomes.Combine([.. results.Select(r => r.Outcomes)]));
    }

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
        var scored = await Task.WhenAll(built.Select(b => EvaluateAsync(run, b.ProgramPath, "val", run.ValCount, stage)));
        var evaluations = scored.Select(s => s.Outcome).ToList();
        var best = BetterTogetherStepPolicy.SelectPromptCandidate(evaluations);
        var candidates = seeds.Select((seed, i) => new CandidateScore(seed, evaluations[i].Score, built[i].ProgramPath, evaluations[i].Aborted)).ToList();
        return new StepOutcome(evaluations[best].Score, built[best].ProgramPath, built[best].DemosPerPredictor, seeds[best], candidates, null, null, scored[best].Outcomes);
    }

    /// <remarks>
    /// A weight step learns only from traced runs that pass the metric. When none does, there is nothing to fine-tune
    /// on: the step keeps the program (and its score) unchanged and says so, and the strategy goes on
    /// (<see cref="BetterTogetherStepPolicy.WeightStepSkipReason"/>).
    /// </remarks>
    private static async Task<StepOutcome> WeightStepAsync(RunContext run, int step, string stage, StepOutcome student)
    {
        var studentPath = student.ProgramPath;
        var request = run.Request;
        var shards = Math.Min(request.TraceShards, run.TrainCount);
        run.Status("traces", step, $"tracing the program over {run.TrainCount} training examples in {shards} shards");
        var traces = await Task.WhenAll(Enumerable.Range(0, shards).Select(shard => run.CallAsync<CollectTracesResult>(
            OptimizationActivityNames.CollectTraces, stage, new CollectTracesInput(run.Ref, step, studentPath, shard, shards), r => r.Usage)));

        var kept = traces.Sum(t => t.Kept);
        var traced = traces.Sum(t => t.Examples);
        if (BetterTogetherStepPolicy.WeightStepSkipReason(traced, kept) is { } skipped)
        {
            run.Status("skipped", step, skipped);
            return new StepOutcome(student.Score, studentPath, student.DemosPerPredictor, null, null, null, skipped, student.Outcomes);
        }

        run.Status("finetune-data", step, $"{kept} of {traced} traced runs kept ({traces.Sum(t => t.ParseFailures)} parse failures dropped)");
        var seed = BetterTogetherStepPolicy.FineTuneSeed(request.Seed);
        var data = await run.CallAsync<BuildFinetuneDataResult>(
            OptimizationActivityNames.BuildFinetuneData, stage, new BuildFinetuneDataInput(run.Ref, step, studentPath, [.. traces.Select(t => t.TracesPath)], request.FineTune, seed), r => r.Usage);

        run.Status("training", step, $"starting {data.Jobs.Count} fine-tuning job(s) on {data.Jobs.Sum(j => j.Records)} records");
        var started = await Task.WhenAll(data.Jobs.Select(job => run.Context.CallActivityAsync<TrainingStatus>(
            OptimizationActivityNames.StartTraining, new StartTrainingInput(job, request.FineTune, seed), run.Options)));
        var adapters = new Dictionary<string, AdapterReference>(StringComparer.Ordinal);
        for (var i = 0; i < data.Jobs.Count; i++)
        {
            adapters[data.Jobs[i].Key] = await WaitForTrainingAsync(run, step, started[i]);
        }

        var applied = await run.CallAsync<ApplyAdaptersResult>(
            OptimizationActivityNames.ApplyAdapters, stage, new ApplyAdaptersInput(run.Ref, step, studentPath, data.Jobs, adapters), r => r.Usage);
        run.Adapter = adapters.Values.First();

        run.Status("evaluate", step, $"scoring the fine-tuned program on {run.ValCount} validation examples");
        var (evaluation, outcomes) = await EvaluateAsync(run, applied.ProgramPath, "val", run.ValCount, stage);
        return new StepOutcome(evaluation.Score, applied.ProgramPath, applied.DemosPerPredictor, null, null, [.. data.Jobs.Select(j => j.JobId)], null, outcomes);
    }

    /// <summary>Polls a job with durable timers, doubling the delay up to the maximum, until it ends or the deadline passes.</summary>
    private static async Task<AdapterReference> WaitForTrainingAsync(RunContext run, int step, TrainingStatus status)
    {
        var request = run.Request;
        var context = run.Context;
        var deadline = context.CurrentUtcDateTime + request.TrainingTimeout;
        var delay = request.TrainingPollInterval;

        // Bounded by the deadline: at most TrainingTimeout / TrainingPollInterval polls, and fewer as the delay doubles.
        while (status.State is not (FineTuneJobState.Succeeded or FineTuneJobState.Failed or FineTuneJobState.Cancelled))
        {
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

        return status.State == FineTuneJobState.Succeeded
            ? status.Adapter ?? throw new OptimizationStepFailedException($"Fine-tuning job \"{status.JobId}\" succeeded but reported no adapter.")
            : throw new OptimizationStepFailedException($"Fine-tuning job \"{status.JobId}\" ended {status.State}: {status.Error ?? "no error given"}.");
    }
}
