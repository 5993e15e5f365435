using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>Reads a fine-tuning job's status (the orchestration polls it with durable timers).</summary>
[DurableTask(OptimizationActivityNames.GetTrainingStatus)]
public sealed class GetTrainingStatusActivity(IOptimizationEnvironment environment) : OptimizationActivity<string, TrainingStatus>
{
    /// <inheritdoc/>
    protected override async Task<TrainingStatus> RunAsync(string input, CancellationToken cancellationToken)
        => TrainingStatus.From(await environment.FineTuner.GetStatusAsync(input, cancellationToken).ConfigureAwait(false));
}
