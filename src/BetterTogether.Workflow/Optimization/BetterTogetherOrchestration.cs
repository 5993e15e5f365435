using BetterTogether.Workflow.Optimization.Activities;
using BetterTogether.Workflow.Orchestration;

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
/// <see cref="OptimizationRunRequest"/> and activity results. A failing step stops the run: the best program so far is
/// still scored and reported, then the orchestration fails with <see cref="OptimizationStepFailedException"/>.
/// </remarks>
public sealed partial class BetterTogetherOrchestration : Orchestrator<OptimizationRunRequest, OptimizationReport>
{
    /// <inheritdoc/>
    public override async Task<OptimizationReport> RunAsync(IOrchestrationContext context, OptimizationRunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = new RunContext(context, input, input.Validate());
        run.Status("prepare", 0, "writing data splits and the baseline program");
        var data = await run.CallAsync<PrepareDataResult>(OptimizationActivityNames.PrepareData, "prepare", new PrepareDataInput(run.Ref, input.TrainSize, input.ValSize, input.TestSize), r => r.Usage);
        (run.TrainCount, run.ValCount, run.TestCount) = (data.TrainCount, data.ValCount, data.TestCount);

        run.Status("baseline", 0, $"scoring the baseline on {data.ValCount} validation examples");
        var baseline = await ScoreAsync(run, data.BaselinePath, "val", data.ValCount, "baseline");
        run.BestScore = baseline;
        var programs = new List<(string Strategy, double Score, string Path)> { (string.Empty, baseline, data.BaselinePath) };
        var steps = new List<StepReport>();
        var student = new StepOutcome(baseline, data.BaselinePath, new Dictionary<string, int>(StringComparer.Ordinal), null, null, null);
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
            catch (Exception e) when (e is TaskFailedException or OptimizationStepFailedException)
            {
                error = $"Step {step}/{run.Strategy.Steps.Count} (\"{key}\") failed: {e.Message}";
                steps.Add(new StepReport(step, key, run.Strategy.Prefix(step), null, new Dictionary<string, int>(), null, null, run.Ledger.Get(stage), null, null, null, error));
                break;
            }

            student = outcome;
            programs.Add((run.Strategy.Prefix(step), outcome.Score, outcome.ProgramPath));
            run.BestScore = Math.Max(run.BestScore ?? double.NegativeInfinity, outcome.Score);
            steps.Add(new StepReport(step, key, run.Strategy.Prefix(step), outcome.Score, outcome.DemosPerPredictor, run.Adapter, outcome.ProgramPath, run.Ledger.Get(stage), outcome.BestSeed, outcome.Candidates, outcome.TrainingJobs, null, outcome.Skipped));
        }

        // DSPy's ranking: highest validation score, earliest on ties.
        var best = programs.OrderByDescending(p => p.Score).First();
        double? testScore = null;
        if (data.TestCount > 0)
        {
            run.Status("test", run.Strategy.Steps.Count, $"scoring the best program ({Describe(best.Strategy)}) on {data.TestCount} test examples");
            testScore = await ScoreAsync(run, best.Path, "test", data.TestCount, "test");
        }

        var report = new OptimizationReport(
            context.InstanceId, input.Task, data.MetricName, run.Strategy.ToString(), input.Seed, data.ModelId,
            data.TrainCount, data.ValCount, data.TestCount, baseline, steps, best.Strategy, best.Score, testScore,
            RunArtifacts.Program(context.InstanceId), run.Ledger.Stages, error);
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

    /// <summary>Scores a program on a split: one Evaluate activity per shard, fanned out; 100 × mean, 2 decimals (DSPy's Evaluate).</summary>
    private static async Task<double> ScoreAsync(RunContext run, string programPath, string split, int count, string stage)
    {
        var shards = Math.Min(run.Request.EvaluationShards, count);
        var results = await Task.WhenAll(Enumerable.Range(0, shards).Select(shard =>
            run.CallAsync<EvaluateResult>(OptimizationActivityNames.Evaluate, stage, new EvaluateInput(run.Ref, programPath, split, shard, shards, run.Request.MaxErrors), r => r.Usage)));
        return results.Any(r => r.Aborted) ? 0.0 : Math.Round(100.0 * results.SelectMany(r => r.Scores).Sum() / count, 2, MidpointRounding.ToEven);
    }
}
