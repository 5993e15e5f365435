using Microsoft.DurableTask;

namespace BetterTogether.Durable.Tests.Samples;

/// <summary>Returns the name and instance id of its parent orchestration, as the sub-orchestration sees them.</summary>
internal sealed class ChildOrchestrator : TaskOrchestrator<string?, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string? input) =>
        Task.FromResult($"{context.Parent?.Name}/{context.Parent?.InstanceId}");
}
