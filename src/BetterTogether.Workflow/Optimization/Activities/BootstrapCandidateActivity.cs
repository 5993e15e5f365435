using BetterTogether.Core.Optimizers;
using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>Builds one random-search candidate of a prompt step (one seed) on the step's shuffled trainset.</summary>
[DurableTask(OptimizationActivityNames.BootstrapCandidate)]
public sealed class BootstrapCandidateActivity(IOptimizationEnvironment environment) : OptimizationActivity<BootstrapCandidateInput, BootstrapCandidateResult>
{
    /// <inheritdoc/>
    protected override async Task<BootstrapCandidateResult> RunAsync(BootstrapCandidateInput input, CancellationToken cancellationToken)
    {
        var run = input.Run;
        var lm = new MeteredLanguageModel(environment);
        var store = new RunStore(environment.Store);
        var task = environment.GetTask(run.Task, run.Seed);
        var output = RunArtifacts.Candidate(run.RunId, input.Step, input.CandidateSeed);
        if (await store.ExistsAsync(output, cancellationToken).ConfigureAwait(false))
        {
            var existing = await store.LoadProgramAsync(task, lm.Model, output, cancellationToken).ConfigureAwait(false);
            return new BootstrapCandidateResult(output, RunStore.DemosPerPredictor(existing), lm.Finish(reused: true));
        }

        var train = await store.ReadSplitAsync(run.RunId, "train", cancellationToken).ConfigureAwait(false);
        var stepTrainset = BetterTogetherOptimizer.TrainsetForStep(train, run.Seed, input.Step - 1);
        var student = await store.LoadProgramAsync(task, lm.Model, input.StudentPath, cancellationToken).ConfigureAwait(false);
        var search = new BootstrapFewShotWithRandomSearch(new RandomSearchOptions
        {
            Metric = task.Metric,
            NumCandidatePrograms = input.NumCandidates,
            MaxBootstrappedDemos = input.MaxBootstrappedDemos,
            MaxLabeledDemos = input.MaxLabeledDemos,
            MaxErrors = input.MaxErrors,
        });
        var candidate = await search.BuildCandidateAsync(student, stepTrainset, input.CandidateSeed, null, cancellationToken).ConfigureAwait(false);
        await store.SaveProgramAsync(output, candidate, cancellationToken).ConfigureAwait(false);
        return new BootstrapCandidateResult(output, RunStore.DemosPerPredictor(candidate), lm.Finish());
    }
}
