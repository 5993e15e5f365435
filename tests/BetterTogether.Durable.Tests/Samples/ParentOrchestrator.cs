using Microsoft.DurableTask;

namespace BetterTogether.Durable.Tests.Samples;

/// <summary>Runs <see cref="FanOutOrchestrator"/> and <see cref="ChildOrchestrator"/> as sub-orchestrations.</summary>
internal sealed class ParentOrchestrator : TaskOrchestrator<int, ParentResult>
{
    public override async Task<ParentResult> RunAsync(TaskOrchestrationContext context, int input)
    {
        var sum = await context.CallSubOrchestratorAsync<int>(nameof(FanOutOrchestrator), input);
        var parent = await context.CallSubOrchestratorAsync<string>(nameof(ChildOrchestrator));
        return new ParentResult(2 * sum, parent);
    }
}
