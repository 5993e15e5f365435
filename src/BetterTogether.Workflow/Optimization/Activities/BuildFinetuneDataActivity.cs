using BetterTogether.Core.Optimizers;
using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>
/// Filters a weight step's traces (parsed and passing the metric) into one chat-JSONL dataset per training key,
/// each with a content-addressed job id, and writes a manifest last.
/// </summary>
[DurableTask(OptimizationActivityNames.BuildFinetuneData)]
public sealed class BuildFinetuneDataActivity(IOptimizationEnvironment environment) : OptimizationActivity<BuildFinetuneDataInput, BuildFinetuneDataResult>
{
    /// <inheritdoc/>
    protected override async Task<BuildFinetuneDataResult> RunAsync(BuildFinetuneDataInput input, CancellationToken cancellationToken)
    {
        var run = input.Run;
        var lm = new MeteredLanguageModel(environment);
        var store = new RunStore(environment.Store);
        var manifest = RunArtifacts.FinetuneManifest(run.RunId, input.Step);
        if (await store.ExistsAsync(manifest, cancellationToken).ConfigureAwait(false))
        {
            return new BuildFinetuneDataResult(await store.ReadJsonAsync<List<FinetuneJobSpec>>(manifest, cancellationToken).ConfigureAwait(false), lm.Finish(reused: true));
        }

        var task = environment.GetTask(run.Task, run.Seed);
        var traces = new List<TracedExample>();
        foreach (var path in input.TracePaths)
        {
            traces.AddRange((await store.ReadLinesAsync<StoredTrace>(path, cancellationToken).ConfigureAwait(false)).Select(t => t.ToTracedExample()));
        }

        var student = await store.LoadProgramAsync(task, lm.Model, input.StudentPath, cancellationToken).ConfigureAwait(false);
        var finetune = new BootstrapFinetune(environment.FineTuner, new BootstrapFinetuneOptions { Metric = task.Metric, Seed = input.Seed, Hyperparameters = input.Hyperparameters });
        var jobs = new List<FinetuneJobSpec>();
        foreach (var dataset in finetune.BuildDatasets(student, [.. traces.OrderBy(t => t.ExampleIndex)]))
        {
            var request = finetune.CreateRequest(dataset);
            var dataPath = RunArtifacts.FinetuneData(run.RunId, input.Step, request.AdapterName);
            await store.WriteLinesAsync(dataPath, dataset.Records, cancellationToken).ConfigureAwait(false);
            jobs.Add(new FinetuneJobSpec(dataset.Key, dataset.BaseModelId, dataset.PredictorNames, dataPath, request.AdapterName, dataset.Records.Count));
        }

        await store.WriteJsonAsync(manifest, jobs, cancellationToken).ConfigureAwait(false);
        return new BuildFinetuneDataResult(jobs, lm.Finish());
    }
}
