using BetterTogether.Core.FineTuning;
using BetterTogether.Workflow.Adapters;
using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>
/// Starts (or re-attaches to) a fine-tuning job; the job id is the dataset's content hash, so a retry starts nothing
/// new, and an adapter already in the store (<see cref="RunArtifacts.Adapter"/>) is reused without training. A
/// finished job's adapter is named by store path (<see cref="StoredAdapters"/>).
/// </summary>
[DurableTask(OptimizationActivityNames.StartTraining)]
public sealed class StartTrainingActivity(IOptimizationEnvironment environment) : OptimizationActivity<StartTrainingInput, TrainingStatus>
{
    /// <inheritdoc/>
    protected override async Task<TrainingStatus> RunAsync(StartTrainingInput input, CancellationToken cancellationToken)
    {
        var job = input.Job;
        if (await StoredAdapters.FindAsync(environment.Store, job.JobId, job.JobId, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return new TrainingStatus(job.JobId, FineTuneJobState.Succeeded, null, stored, null);
        }

        var store = new RunStore(environment.Store);
        var records = await store.ReadLinesAsync<ChatRecord>(job.DataPath, cancellationToken).ConfigureAwait(false);
        var request = new FineTuneRequest(job.BaseModelId, records, input.Hyperparameters, job.JobId, input.Seed);
        request.Validate();
        var status = await environment.FineTuner.StartAsync(job.JobId, request, cancellationToken).ConfigureAwait(false);
        return TrainingStatus.From(await StoredAdapters.StoreAsync(environment.Store, status, cancellationToken).ConfigureAwait(false));
    }
}
