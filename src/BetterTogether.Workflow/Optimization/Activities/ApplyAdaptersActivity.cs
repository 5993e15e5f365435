using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Optimizers;
using BetterTogether.Workflow.Adapters;
using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>
/// Points the student's predictors at their trained adapters and stores the weight step's program; the program names
/// each adapter by store path (<see cref="StoredAdapters.StoreAsync(Storage.IArtifactStore, string, AdapterReference, CancellationToken)"/>),
/// so it reloads wherever the store is reachable.
/// </summary>
[DurableTask(OptimizationActivityNames.ApplyAdapters)]
public sealed class ApplyAdaptersActivity(IOptimizationEnvironment environment) : OptimizationActivity<ApplyAdaptersInput, ApplyAdaptersResult>
{
    /// <inheritdoc/>
    protected override async Task<ApplyAdaptersResult> RunAsync(ApplyAdaptersInput input, CancellationToken cancellationToken)
    {
        var run = input.Run;
        var lm = new MeteredLanguageModel(environment);
        var store = new RunStore(environment.Store);
        var task = environment.GetTask(run.Task, run.Seed);
        var student = await store.LoadProgramAsync(task, lm.Model, input.StudentPath, cancellationToken).ConfigureAwait(false);
        var datasets = input.Jobs.Select(j => new FinetuneDataset(j.Key, j.BaseModelId, j.PredictorNames, [])).ToList();

        // Histories from before adapters were named by store path carry local folders: store those too.
        var adapters = new Dictionary<string, AdapterReference>(StringComparer.Ordinal);
        foreach (var job in input.Jobs.Where(j => input.Adapters.ContainsKey(j.Key)))
        {
            adapters[job.Key] = await StoredAdapters.StoreAsync(environment.Store, job.JobId, input.Adapters[job.Key], cancellationToken).ConfigureAwait(false);
        }

        var program = new BootstrapFinetune(environment.FineTuner).ApplyAdapters(student, datasets, adapters);
        var output = RunArtifacts.StepProgram(run.RunId, input.Step);
        await store.SaveProgramAsync(output, program, cancellationToken).ConfigureAwait(false);
        return new ApplyAdaptersResult(output, RunStore.DemosPerPredictor(program), lm.Finish());
    }
}
