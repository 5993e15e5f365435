using BetterTogether.Workflow.Optimization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace BetterTogether.Functions.Durable;

/// <summary>The BetterTogether orchestration as a Durable orchestrator function: the same class the local hosts replay.</summary>
public static class OptimizationOrchestratorFunction
{
    /// <summary>Runs <see cref="BetterTogetherOrchestration"/> on Durable Functions' replay context.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The run's report.</returns>
    [Function(OptimizationActivityNames.Orchestration)]
    public static Task<OptimizationReport> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<OptimizationRunRequest>()
            ?? throw new InvalidOperationException("The orchestration was started without a run request.");
        return new BetterTogetherOrchestration().RunAsync(context, input);
    }
}
