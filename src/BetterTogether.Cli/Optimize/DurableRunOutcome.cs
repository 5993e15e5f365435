using System.Text;
using System.Text.Json;
using BetterTogether.Core.Evaluation;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.State;
using BetterTogether.Hosting;
using BetterTogether.Storage;
using BetterTogether.Workflow.Caching;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Cli.Optimize;

/// <summary>Reads a completed durable run back from the store: the report, the best program, its adapter and its test traces.</summary>
internal static class DurableRunOutcome
{
    /// <summary>Builds the outcome. The test traces are replayed through the run's LM response cache, so they cost no LM call.</summary>
    public static async Task<OptimizationOutcome> ReadAsync(IArtifactStore store, OptimizationRequest request, OptimizationReport report, HostedEnvironment environment, CancellationToken cancellationToken)
    {
        var programJson = await store.ReadTextAsync(report.ProgramPath, cancellationToken).ConfigureAwait(false);
        var state = ProgramState.FromJson(programJson);
        var adapter = state.Predictors.Select(p => p.Adapter).FirstOrDefault(a => a is not null);
        var traces = await TestTracesAsync(request, state, environment, cancellationToken).ConfigureAwait(false);

        // program.json names the adapter by store path; the writer copies it out of a local copy of the store's files.
        var adapterFolder = adapter is null ? null : await environment.Adapters.GetLocalFolderAsync(adapter, cancellationToken).ConfigureAwait(false);
        return new OptimizationOutcome(report, programJson, adapterFolder, traces);
    }

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
