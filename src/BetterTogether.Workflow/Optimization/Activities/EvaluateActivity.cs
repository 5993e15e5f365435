using BetterTogether.Core.Evaluation;
using BetterTogether.Core.Optimizers;
using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>
/// Scores one shard of a split for one program; the per-example scores, the error count and the outcome counts (with a
/// few failing examples) are stored next to the program, so a resumed run reports them too. The shard stops early only when its own errors reach the budget (<see cref="BetterTogetherStepPolicy.ShardErrorBudget"/>);
/// the orchestration sums the shards' errors to decide whether the evaluation aborted.
/// </summary>
[DurableTask(OptimizationActivityNames.Evaluate)]
public sealed class EvaluateActivity(IOptimizationEnvironment environment) : OptimizationActivity<EvaluateInput, EvaluateResult>
{
    /// <inheritdoc/>
    protected override async Task<EvaluateResult> RunAsync(EvaluateInput input, CancellationToken cancellationToken)
    {
        var lm = new MeteredLanguageModel(environment);
        var store = new RunStore(environment.Store);
        var output = RunArtifacts.Evaluation(input.ProgramPath, input.Split, input.Shard, input.Shards);
        if (await store.ExistsAsync(output, cancellationToken).ConfigureAwait(false))
        {
            var stored = await store.ReadJsonAsync<EvaluateResult>(output, cancellationToken).ConfigureAwait(false);
            return stored with { Usage = lm.Finish(reused: true) };
        }

        var task = environment.GetTask(input.Run.Task, input.Run.Seed);
        var examples = await store.ReadSplitAsync(input.Run.RunId, input.Split, cancellationToken).ConfigureAwait(false);
        var (start, end) = RunStore.ShardRange(examples.Count, input.Shard, input.Shards);
        var slice = examples.Skip(start).Take(end - start).ToList();
        var program = await store.LoadProgramAsync(task, lm.Model, input.ProgramPath, cancellationToken).ConfigureAwait(false);
        EvaluateResult result;
        if (slice.Count == 0)
        {
            result = new EvaluateResult([], 0, false, lm.Finish(), EvaluationOutcomes.From([]));
        }
        else
        {
            var evaluator = new Evaluator(task.Metric, new EvaluatorOptions { MaxErrors = input.MaxErrors });
            var (outcome, finished) = await BetterTogetherStepPolicy.EvaluateWithResultsAsync(evaluator, program, slice, cancellationToken).ConfigureAwait(false);
            result = EvaluateResult.From(outcome, EvaluationOutcomes.From(finished), lm.Finish());
        }

        await store.WriteJsonAsync(output, result, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
