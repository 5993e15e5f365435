using Microsoft.DurableTask;

namespace BetterTogether.Durable.Tests.Samples;

/// <summary>Runs <see cref="FanOutOrchestrator"/> as a sub-orchestration and doubles its result.</summary>
internal sealed class ParentOrchestrator : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var sum = await context.CallSubOrchestratorAsync<int>(nameof(FanOutOrchestrator), input);
        return 2 * sum;
    }
}
