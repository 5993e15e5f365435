using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>Reads a fine-tuning job's status (the orchestration polls it with durable timers).</summary>
internal sealed class GetTrainingStatusActivity(IOptimizationEnvironment environment) : Activity<string, TrainingStatus>
{
    public override async Task<TrainingStatus> RunAsync(ActivityContext context, string input, CancellationToken cancellationToken = default)
        => TrainingStatus.From(await environment.FineTuner.GetStatusAsync(input, cancellationToken).ConfigureAwait(false));
}
