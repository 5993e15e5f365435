using BetterTogether.Durable.Worker;
using DurableTask.Core;
using Microsoft.DurableTask.Worker;

namespace BetterTogether.Durable;

/// <summary>Runs a Durable worker in this process over an <see cref="IOrchestrationService"/> from DI.</summary>
public static class DurableTaskWorkerBuilderExtensions
{
    /// <summary>
    /// Makes the builder's hosted service an <see cref="OrchestrationServiceDurableTaskWorker"/> over the container's
    /// <see cref="IOrchestrationService"/> (register one, e.g. with <c>AddDurableBackend</c>). Concurrency comes from
    /// the service (<see cref="DurableBackendOptions.MaxConcurrentActivities"/>), not from the worker options.
    /// </summary>
    /// <param name="builder">The worker builder.</param>
    /// <returns>The same builder.</returns>
    public static IDurableTaskWorkerBuilder UseOrchestrationService(this IDurableTaskWorkerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBuildTarget<OrchestrationServiceDurableTaskWorker>();
    }
}
