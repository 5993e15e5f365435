using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BetterTogether.Cli.Reports;
using BetterTogether.Core.Evaluation;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Optimizers;
using BetterTogether.Core.Programs;
using BetterTogether.Core.State;
using BetterTogether.Storage;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Workflow.Caching;

namespace BetterTogether.Cli.Optimize;

/// <summary>
/// Runs BetterTogether one stage at a time in this process over a file store: every LM call goes through the
/// store's content-addressed cache (<c>runs/{runId}/cache/lm</c>), every finished stage is saved
/// (<c>runs/{runId}/stages/{i}.json</c>), and adapters are written under <c>runs/{runId}/adapters</c>, so a rerun with
/// the same run id skips finished stages and replays a half-finished one from the cache.
/// </summary>
internal sealed class InProcessOptimizationBackend(string storeRoot) : IOptimizationBackend
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <inheritdoc />
    public async Task<OptimizationOutcome> RunAsync(OptimizationRequest request, IProgress<StageProgress> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        var store = new FileArtifactStore(storeRoot);
        var run = $"runs/{request.RunId}";
        var options = request.Options;
        var task = request.Task;
        var meter = new UsageMeter();
        using var cached = new ArtifactCachingChatClient(new UsageMeteringChatClient(request.Lm.Client, meter), store, $"{run}/cache/lm");
        var lm = new LanguageModel(cached, request.Lm.ModelId);
        using var fineTuner = request.Lm.CreateFineTuner(Path.Combine(store.RootPath, "runs", request.RunId, "adapters"));
        var optimizer = new BetterTogetherOptimizer(new BetterTogetherOptions
        {
            Metric = task.Metric,
            Seed = options.Seed,
            Optimizers = Optimizers(options, task.Metric, fineTuner),
        });
        var strategy = optimizer.ParseStrategy(options.Strategy);
        var stages = strategy.Steps.Count + 2;
        var train = task.Data.Train;
        var val = task.Data.Dev;
        var steps = new List<StepReport>();
        var states = new List<ProgramState>();
        var total = Stopwatch.StartNew();
        LmProgram current = task.CreateProgram(lm);
        string? error = null;
        for (var i = 0; i <= strategy.Steps.Count; i++)
        {
            var label = i == 0 ? "baseline" : strategy.Steps[i - 1];
            progress.Report(new StageProgress(i, stages, label, 0, i == 0 ? "scoring the unoptimized program" : $"step {i}: {label}"));
            var path = $"{run}/stages/{i}.json";
            var saved = await store.TryReadJsonAsync<SavedStage>(path, Json, cancellationToken).ConfigureAwait(false);
            if (saved is null)
            {
                var before = meter.Total;
                var watch = Stopwatch.StartNew();
                try
                {
                    var candidate = i == 0
                        ? new BetterTogetherCandidate(string.Empty, await ScoreBaselineAsync(optimizer, current, val, cancellationToken).ConfigureAwait(false), current)
                        : await optimizer.RunStepAsync(current, strategy, i - 1, train, val, cancellationToken: cancellationToken).ConfigureAwait(false);
                    var used = meter.Total;
                    saved = new SavedStage(candidate.Strategy, candidate.Score, ProgramState.Capture(candidate.Program).ToJson(), used.Calls - before.Calls, used.InputTokens - before.InputTokens, used.OutputTokens - before.OutputTokens, watch.Elapsed.TotalSeconds);
                    await store.PutJsonAsync(path, saved, Json, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException && i > 0)
                {
                    error = $"step {i} ({label}) failed: {e.Message}";
                    break;
                }
            }

            var state = ProgramState.FromJson(saved.ProgramState);
            current = task.CreateProgram(lm);
            state.ApplyTo(current);
            states.Add(state);
            steps.Add(new StepReport(saved.Strategy, saved.Score, state.Predictors.Sum(p => p.Demos.Count), state.Predictors.Select(p => p.Adapter?.Name).FirstOrDefault(n => n is not null), saved.LmCalls, saved.InputTokens, saved.OutputTokens, saved.Seconds));
            progress.Report(new StageProgress(i, stages, label, 1));
        }

        var bestIndex = BestIndex(steps);
        var best = task.CreateProgram(lm);
        states[bestIndex].ApplyTo(best);
        progress.Report(new StageProgress(stages - 1, stages, "test", 0, "scoring the best program on the test split"));
        var test = await new Evaluator(task.Metric).EvaluateAsync(best, task.Data.Test, cancellationToken).ConfigureAwait(false);
        progress.Report(new StageProgress(stages - 1, stages, "test", 1));
        var report = new RunReport
        {
            RunId = request.RunId,
            Task = task.Name,
            Strategy = strategy.ToString(),
            Metric = task.MetricName,
            Model = request.Lm.Description,
            Seed = options.Seed,
            Budgets = Budgets(request),
            Steps = steps,
            BestStrategy = steps[bestIndex].Strategy,
            BestScore = steps[bestIndex].Score,
            TestScore = test.Score,
            Error = error,
            LmCallsThisInvocation = meter.Total.Calls,
            Seconds = total.Elapsed.TotalSeconds,
        };
        var adapter = states[bestIndex].Predictors.Select(p => p.Adapter).FirstOrDefault(a => a is not null);
        return new OptimizationOutcome(report, states[bestIndex].ToJson(), adapter?.Location, Traces(test));
    }

    internal static IReadOnlyDictionary<string, int> Budgets(OptimizationRequest request) => new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["train_size"] = request.Task.Data.Train.Count,
        ["val_size"] = request.Task.Data.Dev.Count,
        ["test_size"] = request.Task.Data.Test.Count,
        ["candidates"] = request.Options.Candidates,
        ["max_demos"] = request.Options.MaxDemos,
        ["epochs"] = request.Options.Epochs,
    };

    private static Dictionary<string, IOptimizer> Optimizers(OptimizeOptions options, Core.Metrics.Metric metric, IFineTuner? fineTuner)
    {
        var optimizers = new Dictionary<string, IOptimizer>(StringComparer.Ordinal)
        {
            ["p"] = new BootstrapFewShotWithRandomSearch(new RandomSearchOptions
            {
                Metric = metric,
                NumCandidatePrograms = options.Candidates,
                MaxBootstrappedDemos = options.MaxDemos,
                MaxLabeledDemos = options.MaxDemos,
            }),
        };
        if (fineTuner is not null)
        {
            optimizers["w"] = new BootstrapFinetune(fineTuner, new BootstrapFinetuneOptions
            {
                Metric = metric,
                Seed = options.Seed,
                PollInterval = TimeSpan.FromMilliseconds(200),
                Hyperparameters = new FineTuneHyperparameters { Epochs = options.Epochs },
            });
        }

        return optimizers;
    }

    private static async Task<double?> ScoreBaselineAsync(BetterTogetherOptimizer optimizer, LmProgram program, IReadOnlyList<Core.Examples.Example> val, CancellationToken cancellationToken)
    {
        using (UsageScope.BeginStage("baseline"))
        {
            return await optimizer.ScoreAsync(program, val, cancellationToken).ConfigureAwait(false);
        }
    }

    private static int BestIndex(IReadOnlyList<StepReport> steps)
    {
        var best = 0;
        for (var i = 1; i < steps.Count; i++)
        {
            if ((steps[i].Score ?? double.NegativeInfinity) > (steps[best].Score ?? double.NegativeInfinity))
            {
                best = i;
            }
        }

        return best;
    }

    private static string Traces(EvaluationResult result)
    {
        var text = new StringBuilder();
        foreach (var r in result.Results)
        {
            text.AppendLine(JsonSerializer.Serialize(new
            {
                index = r.Index,
                inputs = r.Example.Inputs().ToDictionary(),
                gold = r.Example.Labels().ToDictionary(),
                prediction = r.Prediction,
                score = r.Score,
                error = r.Error?.Message,
                steps = r.Trace.Steps.Select(s => new { predictor = s.PredictorName, inputs = s.Inputs, outputs = s.Outputs }),
            }));
        }

        return text.ToString();
    }

    private sealed record SavedStage(string Strategy, double? Score, string ProgramState, long LmCalls, long InputTokens, long OutputTokens, double Seconds);
}
