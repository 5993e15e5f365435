using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>Reads a fine-tuning job's status (the orchestration polls it with durable timers).</summary>
[DurableTask(OptimizationActivityNames.GetTrainingStatus)]
internal sealed class GetTrainingStatusActivity(IOptimizationEnvironment environment) : OptimizationActivity<string, TrainingStatus>
{
    protected override async Task<TrainingStatus> RunAsync(string input, CancellationToken cancellationToken)
        => TrainingStatus.From(await environment.FineTuner.GetStatusAsync(input, cancellationToken).ConfigureAwait(false));
}
