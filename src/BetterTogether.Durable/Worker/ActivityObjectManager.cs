using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace BetterTogether.Durable.Worker;

/// <summary>
/// Gives DurableTask.Core an activity by name: the registered activity, created in a new service scope (so it gets
/// scoped constructor dependencies) and wrapped in the SDK's shim; the scope ends when the execution does.
/// </summary>
internal sealed class ActivityObjectManager(IDurableTaskFactory factory, IServiceProvider services, DurableTaskShimFactory shims)
    : INameVersionObjectManager<TaskActivity>
{
    public void Add(ObjectCreator<TaskActivity> creator) =>
        throw new NotSupportedException("Activities are registered through the worker builder's AddTasks.");

    /// <summary>The activity, or null when none is registered (the engine then fails the task with a TypeMissingException).</summary>
    public TaskActivity? GetObject(string name, string? version)
    {
        var taskName = new TaskName(name);
        var scope = services.CreateAsyncScope();
        if (!factory.TryCreateActivity(taskName, scope.ServiceProvider, out var activity))
        {
            scope.Dispose();
            return null;
        }

        return new ScopedTaskActivity(scope, shims.CreateActivity(taskName, activity));
    }
}
