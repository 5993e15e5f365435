using System.Text;
using System.Text.Json;
using BetterTogether.Cli.Reports;
using BetterTogether.Core.Evaluation;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.State;
using BetterTogether.Storage;
using BetterTogether.Workflow.Caching;
using BetterTogether.Workflow.Optimization;
using WorkflowStep = BetterTogether.Workflow.Optimization.StepReport;

namespace BetterTogether.Cli.Optimize;

/// <summary>Reads a completed durable run back from the store: the report, the best program, its adapter and its test traces.</summary>
internal static class DurableRunOutcome
{
    /// <summary>Builds the outcome. The test traces are replayed through the run's LM response cache, so they cost no LM call.</summary>
    public static async Task<OptimizationOutcome> ReadAsync(IArtifactStore store, OptimizationRequest request, OptimizationReport report, IOptimizationEnvironment environment, CancellationToken cancellationToken)
    {
        var programJson = await store.ReadTextAsync(report.ProgramPath, cancellationToken).ConfigureAwait(false);
        var state = ProgramState.FromJson(programJson);
        var adapter = state.Predictors.Select(p => p.Adapter).FirstOrDefault(a => a is not null);
        var traces = await TestTracesAsync(request, state, environment, cancellationToken).ConfigureAwait(false);
        return new OptimizationOutcome(ToRunReport(request, report), programJson, adapter?.Location, traces);
    }

    /// <summary>Maps the orchestration's report to the CLI's report.</summary>
    internal static RunReport ToRunReport(OptimizationRequest request, OptimizationReport report)
    {
        var usage = report.Usage.ToDictionary(u => u.Stage, StringComparer.Ordinal);
        var baseline = usage.GetValueOrDefault("baseline");
        var steps = new List<Reports.StepReport>
        {
            new(string.Empty, report.BaselineScore, 0, null, baseline?.Calls ?? 0, baseline?.InputTokens ?? 0, baseline?.OutputTokens ?? 0, baseline?.DurationSeconds ?? 0),
        };
        steps.AddRange(report.Steps.Select(Map));
        var total = report.Usage.Where(u => u.StartedAt is not null && u.CompletedAt is not null).ToList();
        return new RunReport
        {
            RunId = report.InstanceId,
            Task = report.Task,
            Strategy = report.Strategy,
            Metric = report.MetricName,
            Model = request.Lm.Description,
            Seed = report.Seed,
            Budgets = new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["train_size"] = report.TrainCount,
                ["val_size"] = report.ValCount,
                ["test_size"] = report.TestCount,
                ["candidates"] = request.Options.Candidates,
                ["max_demos"] = request.Options.MaxDemos,
                ["epochs"] = request.Options.Epochs,
            },
            Steps = steps,
            BestStrategy = report.BestStrategy,
            BestScore = report.BestScore,
            TestScore = report.TestScore,
            Error = report.Error,
            Seconds = total.Count == 0 ? 0 : (total.Max(u => u.CompletedAt!.Value) - total.Min(u => u.StartedAt!.Value)).TotalSeconds,
        };
    }

    private static Reports.StepReport Map(WorkflowStep step) => new(
        step.Strategy,
        step.Score,
        step.DemosPerPredictor.Values.Sum(),
        step.Adapter?.Name,
        step.Usage.Calls,
        step.Usage.InputTokens,
        step.Usage.OutputTokens,
        step.Usage.DurationSeconds,
        step.Skipped);

    private static async Task<string> TestTracesAsync(OptimizationRequest request, ProgramState state, IOptimizationEnvironment environment, CancellationToken cancellationToken)
    {
        // Not disposed: disposing a delegating client disposes the environment's client under it.
        var cached = new ArtifactCachingChatClient(environment.ChatClient, environment.Store, RunArtifacts.LmCachePrefix);
        var program = request.Task.CreateProgram(new LanguageModel(cached, environment.ModelId));
        state.ApplyTo(program);
        var result = await new Evaluator(request.Task.Metric, new EvaluatorOptions { MaxErrors = int.MaxValue })
            .EvaluateAsync(program, request.Task.Data.Test, cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        foreach (var r in result.Results.OrderBy(r => r.Index))
        {
            text.AppendLine(JsonSerializer.Serialize(new
            {
                split = "test",
                index = r.Index,
                inputs = r.Example.Inputs().ToDictionary(),
                gold = r.Example.Labels().ToDictionary(),
                prediction = r.Prediction.ToDictionary(),
                score = r.Score,
                error = r.Error?.Message,
                calls = r.Trace.Steps.Select(s => new { predictor = s.PredictorName, inputs = s.Inputs, outputs = s.Outputs.ToDictionary(), demos_dropped = s.DemosDropped }),
            }));
        }

        return text.ToString();
    }
}
