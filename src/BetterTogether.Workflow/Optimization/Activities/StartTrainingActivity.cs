using BetterTogether.Core.FineTuning;
using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>Starts (or re-attaches to) a fine-tuning job; the job id is the dataset's content hash, so a retry starts nothing new.</summary>
[DurableTask(OptimizationActivityNames.StartTraining)]
public sealed class StartTrainingActivity(IOptimizationEnvironment environment) : OptimizationActivity<StartTrainingInput, TrainingStatus>
{
    /// <inheritdoc/>
    protected override async Task<TrainingStatus> RunAsync(StartTrainingInput input, CancellationToken cancellationToken)
    {
        var store = new RunStore(environment.Store);
        var records = await store.ReadLinesAsync<ChatRecord>(input.Job.DataPath, cancellationToken).ConfigureAwait(false);
        var request = new FineTuneRequest(input.Job.BaseModelId, records, input.Hyperparameters, input.Job.JobId, input.Seed);
        request.Validate();
        var status = await environment.FineTuner.StartAsync(input.Job.JobId, request, cancellationToken).ConfigureAwait(false);
        return TrainingStatus.From(status);
    }
}
