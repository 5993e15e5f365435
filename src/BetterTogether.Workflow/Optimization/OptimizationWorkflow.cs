using BetterTogether.Workflow.Optimization.Activities;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Optimization;

/// <summary>Registers the BetterTogether orchestration and its activities.</summary>
public static class OptimizationWorkflow
{
    /// <summary>Adds <see cref="BetterTogetherOrchestration"/> and its activities to <paramref name="registry"/>.</summary>
    /// <param name="registry">The registry the runtime resolves names with.</param>
    /// <param name="environment">The store, LM, fine-tuner and tasks the activities use.</param>
    /// <returns>The registry.</returns>
    public static WorkflowRegistry AddBetterTogether(this WorkflowRegistry registry, IOptimizationEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(environment);
        return registry
            .AddOrchestrator(OptimizationActivityNames.Orchestration, () => new BetterTogetherOrchestration())
            .AddActivity(OptimizationActivityNames.PrepareData, () => new PrepareDataActivity(environment))
            .AddActivity(OptimizationActivityNames.Evaluate, () => new EvaluateActivity(environment))
            .AddActivity(OptimizationActivityNames.BootstrapCandidate, () => new BootstrapCandidateActivity(environment))
            .AddActivity(OptimizationActivityNames.CollectTraces, () => new CollectTracesActivity(environment))
            .AddActivity(OptimizationActivityNames.BuildFinetuneData, () => new BuildFinetuneDataActivity(environment))
            .AddActivity(OptimizationActivityNames.StartTraining, () => new StartTrainingActivity(environment))
            .AddActivity(OptimizationActivityNames.GetTrainingStatus, () => new GetTrainingStatusActivity(environment))
            .AddActivity(OptimizationActivityNames.ApplyAdapters, () => new ApplyAdaptersActivity(environment))
            .AddActivity(OptimizationActivityNames.Report, () => new ReportActivity(environment));
    }
}
