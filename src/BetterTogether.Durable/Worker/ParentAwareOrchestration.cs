using DurableTask.Core;
using DurableTask.Core.Middleware;
using Microsoft.DurableTask;

namespace BetterTogether.Durable.Worker;

/// <summary>
/// Defers creating the SDK's orchestration shim until the engine runs it, so that the shim can be told the parent of a
/// sub-orchestration (<c>TaskOrchestrationContext.Parent</c>): DurableTask.Core asks for the orchestration by
/// name only, and the parent is known from the runtime state in the dispatch middleware (<see cref="SetParentAsync"/>).
/// </summary>
internal sealed class ParentAwareOrchestration(Func<ParentOrchestrationInstance?, TaskOrchestration> create) : TaskOrchestration
{
    private TaskOrchestration? _inner;

    /// <summary>The parent of the instance being run; null for a top-level instance.</summary>
    public ParentOrchestrationInstance? Parent { get; set; }

    /// <summary>Orchestration dispatch middleware: hands the instance's parent to this orchestration before it runs.</summary>
    public static Task SetParentAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        if (context.GetProperty<TaskOrchestration>() is ParentAwareOrchestration orchestration
            && context.GetProperty<OrchestrationRuntimeState>()?.ParentInstance is { } parent)
        {
            orchestration.Parent = new ParentOrchestrationInstance(new TaskName(parent.Name), parent.OrchestrationInstance.InstanceId);
        }

        return next();
    }

    public override Task<string> Execute(OrchestrationContext context, string input)
    {
        _inner ??= create(Parent);
        return _inner.Execute(context, input);
    }

    public override void RaiseEvent(OrchestrationContext context, string name, string input)
    {
        _inner ??= create(Parent);
        _inner.RaiseEvent(context, name, input);
    }

    public override string GetStatus() => _inner?.GetStatus()!;
}
