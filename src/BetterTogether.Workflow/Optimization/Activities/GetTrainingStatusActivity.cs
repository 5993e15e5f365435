using BetterTogether.Core.FineTuning;
using BetterTogether.Workflow.Adapters;
using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>
/// Reads a fine-tuning job's status (the orchestration polls it with durable timers); a finished job's adapter is
/// named by store path, uploaded there first when the fine-tuner trained it into a local folder (<see cref="StoredAdapters"/>).
/// </summary>
[DurableTask(OptimizationActivityNames.GetTrainingStatus)]
public sealed class GetTrainingStatusActivity(IOptimizationEnvironment environment) : OptimizationActivity<string, TrainingStatus>
{
    /// <inheritdoc/>
    protected override async Task<TrainingStatus> RunAsync(string input, CancellationToken cancellationToken)
    {
        // Job ids are the adapters' names (BootstrapFinetune.CreateRequest).
        if (await StoredAdapters.FindAsync(environment.Store, input, input, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return new TrainingStatus(input, FineTuneJobState.Succeeded, null, stored, null);
        }

        var status = await environment.FineTuner.GetStatusAsync(input, cancellationToken).ConfigureAwait(false);
        return TrainingStatus.From(await StoredAdapters.StoreAsync(environment.Store, status, cancellationToken).ConfigureAwait(false));
    }
}
