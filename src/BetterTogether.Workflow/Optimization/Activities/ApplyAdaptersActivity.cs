using BetterTogether.Core.Optimizers;
using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>Points the student's predictors at their trained adapters and stores the weight step's program.</summary>
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
        var program = new BootstrapFinetune(environment.FineTuner).ApplyAdapters(student, datasets, input.Adapters);
        var output = RunArtifacts.StepProgram(run.RunId, input.Step);
        await store.SaveProgramAsync(output, program, cancellationToken).ConfigureAwait(false);
        return new ApplyAdaptersResult(output, RunStore.DemosPerPredictor(program), lm.Finish());
    }
}
