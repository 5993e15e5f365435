using BetterTogether.Core.Optimizers;
using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>Traces the program over one shard of the step's trainset and stores the runs as JSONL.</summary>
[DurableTask(OptimizationActivityNames.CollectTraces)]
public sealed class CollectTracesActivity(IOptimizationEnvironment environment) : OptimizationActivity<CollectTracesInput, CollectTracesResult>
{
    /// <inheritdoc/>
    protected override async Task<CollectTracesResult> RunAsync(CollectTracesInput input, CancellationToken cancellationToken)
    {
        var run = input.Run;
        var lm = new MeteredLanguageModel(environment);
        var store = new RunStore(environment.Store);
        var output = RunArtifacts.Traces(run.RunId, input.Step, input.Shard, input.Shards);
        IReadOnlyList<StoredTrace> traces;
        var reused = await store.ExistsAsync(output, cancellationToken).ConfigureAwait(false);
        if (reused)
        {
            traces = await store.ReadLinesAsync<StoredTrace>(output, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var task = environment.GetTask(run.Task, run.Seed);
            var train = await store.ReadSplitAsync(run.RunId, "train", cancellationToken).ConfigureAwait(false);
            var stepTrainset = BetterTogetherOptimizer.TrainsetForStep(train, run.Seed, input.Step - 1);
            var (start, end) = RunStore.ShardRange(stepTrainset.Count, input.Shard, input.Shards);
            var program = await store.LoadProgramAsync(task, lm.Model, input.ProgramPath, cancellationToken).ConfigureAwait(false);
            // The whole trainset's budget in every shard, as in process: tracing never aborts.
            var finetune = new BootstrapFinetune(environment.FineTuner, new BootstrapFinetuneOptions { Metric = task.Metric, MaxErrors = BetterTogetherStepPolicy.TraceErrorBudget(stepTrainset.Count) });
            var traced = await finetune.CollectTracesAsync(program, [.. stepTrainset.Skip(start).Take(end - start)], start, cancellationToken).ConfigureAwait(false);
            traces = [.. traced.Select(StoredTrace.From)];
            await store.WriteLinesAsync(output, traces, cancellationToken).ConfigureAwait(false);
        }

        var kept = traces.Count(t => BootstrapFinetune.IsKept(t.ToTracedExample()));
        return new CollectTracesResult(output, traces.Count, kept, traces.Count(t => t.ParseFailed), lm.Finish(reused));
    }
}
