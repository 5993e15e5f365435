using BetterTogether.Durable.Client;
using DurableTask.Core;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Durable;

/// <summary>Builds the Durable client over an <see cref="IOrchestrationServiceClient"/> from DI.</summary>
public static class DurableTaskClientBuilderExtensions
{
    /// <summary>
    /// Makes the builder's <see cref="DurableTaskClient"/> an <see cref="OrchestrationServiceDurableTaskClient"/> over the
    /// container's <see cref="IOrchestrationServiceClient"/> (register one, e.g. with <c>AddDurableBackend</c>). The
    /// builder's <c>Configure</c> options (data converter) apply; the polling interval is set through
    /// <c>services.Configure&lt;OrchestrationServiceDurableTaskClientOptions&gt;(builder.Name, …)</c>.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <returns>The same builder.</returns>
    public static IDurableTaskClientBuilder UseOrchestrationService(this IDurableTaskClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBuildTarget<OrchestrationServiceDurableTaskClient, OrchestrationServiceDurableTaskClientOptions>();
    }
}
