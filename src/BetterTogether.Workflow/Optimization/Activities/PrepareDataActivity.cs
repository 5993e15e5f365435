using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>Writes the run's train/val/test splits and the baseline program; skips when the baseline exists.</summary>
[DurableTask(OptimizationActivityNames.PrepareData)]
public sealed class PrepareDataActivity(IOptimizationEnvironment environment) : OptimizationActivity<PrepareDataInput, PrepareDataResult>
{
    /// <inheritdoc/>
    protected override async Task<PrepareDataResult> RunAsync(PrepareDataInput input, CancellationToken cancellationToken)
    {
        var run = input.Run;
        var lm = new MeteredLanguageModel(environment);
        var store = new RunStore(environment.Store);
        var task = environment.GetTask(run.Task, run.Seed);
        var baseline = RunArtifacts.StepProgram(run.RunId, 0);
        if (await store.ExistsAsync(baseline, cancellationToken).ConfigureAwait(false))
        {
            var counts = new int[3];
            string[] splits = ["train", "val", "test"];
            for (var i = 0; i < splits.Length; i++)
            {
                counts[i] = (await store.ReadSplitAsync(run.RunId, splits[i], cancellationToken).ConfigureAwait(false)).Count;
            }

            return new PrepareDataResult(counts[0], counts[1], counts[2], baseline, task.MetricName, environment.ModelId, lm.Finish(reused: true));
        }

        var train = task.Train.Take(input.TrainSize ?? int.MaxValue).ToList();
        var val = task.Dev.Take(input.ValSize ?? int.MaxValue).ToList();
        var test = task.Test.Take(input.TestSize ?? int.MaxValue).ToList();
        if (train.Count == 0 || val.Count == 0)
        {
            throw new InvalidOperationException($"Task '{task.Name}' has {train.Count} training and {val.Count} validation examples; a run needs at least one of each.");
        }

        await store.WriteLinesAsync(RunArtifacts.Split(run.RunId, "train"), train, cancellationToken).ConfigureAwait(false);
        await store.WriteLinesAsync(RunArtifacts.Split(run.RunId, "val"), val, cancellationToken).ConfigureAwait(false);
        await store.WriteLinesAsync(RunArtifacts.Split(run.RunId, "test"), test, cancellationToken).ConfigureAwait(false);

        // Written last: its presence means the whole activity is done.
        await store.SaveProgramAsync(baseline, task.CreateProgram(lm.Model), cancellationToken).ConfigureAwait(false);
        return new PrepareDataResult(train.Count, val.Count, test.Count, baseline, task.MetricName, environment.ModelId, lm.Finish());
    }
}
