using BetterTogether.Workflow.Optimization.Activities;
using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization;

/// <summary>Registers the BetterTogether orchestration and its activities with a Durable Task registry.</summary>
public static class OptimizationWorkflow
{
    /// <summary>
    /// Adds <see cref="BetterTogetherOrchestration"/> and its activities, each under its
    /// <see cref="OptimizationActivityNames"/> name. The activities take an <see cref="IOptimizationEnvironment"/> from
    /// the worker's services, so the host registers one.
    /// </summary>
    /// <param name="registry">The worker's task registry.</param>
    /// <returns>The registry.</returns>
    public static DurableTaskRegistry AddBetterTogether(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<BetterTogetherOrchestration>()
            .AddActivity<PrepareDataActivity>()
            .AddActivity<EvaluateActivity>()
            .AddActivity<BootstrapCandidateActivity>()
            .AddActivity<CollectTracesActivity>()
            .AddActivity<BuildFinetuneDataActivity>()
            .AddActivity<StartTrainingActivity>()
            .AddActivity<GetTrainingStatusActivity>()
            .AddActivity<ApplyAdaptersActivity>()
            .AddActivity<ReportActivity>();
    }
}
