using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace BetterTogether.Durable.Worker;

/// <summary>Gives DurableTask.Core an orchestration by name: the registered orchestrator wrapped in the SDK's shim.</summary>
internal sealed class OrchestratorObjectManager(IDurableTaskFactory factory, IServiceProvider services, DurableTaskShimFactory shims)
    : INameVersionObjectManager<TaskOrchestration>
{
    public void Add(ObjectCreator<TaskOrchestration> creator) =>
        throw new NotSupportedException("Orchestrators are registered through the worker builder's AddTasks.");

    /// <summary>A new shim per work item (DurableTask.Core replays on a fresh object), or null when none is registered.</summary>
    public TaskOrchestration? GetObject(string name, string? version)
    {
        var taskName = new TaskName(name);
        return factory.TryCreateOrchestrator(taskName, services, out var orchestrator)
            ? new ParentAwareOrchestration(parent => shims.CreateOrchestration(taskName, orchestrator, parent))
            : null;
    }
}
