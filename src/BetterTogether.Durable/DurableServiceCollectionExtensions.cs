using DurableTask.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Durable;

/// <summary>Registers the Durable backend selected by <see cref="DurableBackendOptions"/>.</summary>
public static class DurableServiceCollectionExtensions
{
    /// <summary>
    /// Registers the backend from <see cref="DurableBackend.Create"/> as a singleton <see cref="IOrchestrationService"/> and
    /// <see cref="IOrchestrationServiceClient"/> (one object), created on first use with the container's <see cref="ILoggerFactory"/>
    /// and disposed with the container. Pair it with <c>UseOrchestrationService()</c> on the worker and client builders.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The backend and its settings (validated here; later changes are not seen).</param>
    /// <returns>The same services.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static IServiceCollection AddDurableBackend(this IServiceCollection services, DurableBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var snapshot = options.Clone();
        services.AddSingleton(provider => DurableBackend.Create(snapshot, provider.GetService<ILoggerFactory>()));
        services.AddSingleton(provider => (IOrchestrationServiceClient)provider.GetRequiredService<IOrchestrationService>());
        return services;
    }
}
