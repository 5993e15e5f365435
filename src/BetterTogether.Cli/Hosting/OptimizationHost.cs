using BetterTogether.Durable;
using BetterTogether.Engine.Serving;
using BetterTogether.Hosting;
using BetterTogether.Storage;
using BetterTogether.Workflow.Hosting;
using BetterTogether.Workflow.Optimization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Cli.Hosting;

/// <summary>
/// The local host of runs, shared by <c>bt optimize</c> and <c>bt serve</c>: an environment (store, LM, fine-tuner,
/// tasks; built by the one composition root, <see cref="HostedEnvironment"/>) and the <see cref="OptimizationRuntime"/>
/// (the real Durable Task engine over one backend).
/// </summary>
public sealed class OptimizationHost : IAsyncDisposable
{
    private readonly List<IDisposable> _owned;

    private OptimizationHost(IOptimizationEnvironment environment, OptimizationRuntime runtime, List<IDisposable> owned)
    {
        Environment = environment;
        Runtime = runtime;
        _owned = owned;
    }

    /// <summary>The store, LM, fine-tuner and tasks.</summary>
    public IOptimizationEnvironment Environment { get; }

    /// <summary>The artifact store.</summary>
    public IArtifactStore Store => Environment.Store;

    /// <summary>The Durable worker and client running the BetterTogether orchestration.</summary>
    public OptimizationRuntime Runtime { get; }

    /// <summary>Starts, queries and manages runs.</summary>
    public DurableTaskClient Client => Runtime.Client;

    /// <summary>The in-process model loaded from <see cref="OptimizationHostOptions.ModelPath"/>, if any (shared with other endpoints).</summary>
    public LocalModel? LocalModel { get; private set; }

    /// <summary>Starts the Durable worker: unfinished runs in the backend resume.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => Runtime.StartAsync(cancellationToken);

    /// <summary>Stops the Durable worker; running activities are abandoned and run again on the next start.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => Runtime.StopAsync(cancellationToken);

    /// <summary>Starts a run of the BetterTogether orchestration.</summary>
    /// <exception cref="InvalidOperationException">The instance id is taken by a run that has not finished (DurableTask.Core's <c>OrchestrationAlreadyExistsException</c>).</exception>
    public Task<string> StartRunAsync(OptimizationRunRequest request, string? instanceId = null, CancellationToken cancellationToken = default)
        => Runtime.StartRunAsync(request, instanceId, cancellationToken);

    /// <summary>Builds a host over a ready environment (tests, custom wiring).</summary>
    /// <param name="environment">The store, LM, fine-tuner and tasks.</param>
    /// <param name="backend">The Durable backend and its settings.</param>
    /// <param name="loggerFactory">Logs of the engine and the activities.</param>
    /// <param name="owned">Disposed with the host.</param>
    public static OptimizationHost Create(IOptimizationEnvironment environment, DurableBackendOptions backend, ILoggerFactory? loggerFactory = null, IEnumerable<IDisposable>? owned = null)
        => new(environment, OptimizationRuntime.Create(environment, backend, loggerFactory), [.. owned ?? []]);

    /// <summary>
    /// Builds the local host from options through the one composition root (<see cref="HostedEnvironment"/>): the store,
    /// the in-process engine or an OpenAI-compatible endpoint, the in-process fine-tuner when there is a local model,
    /// the built-in tasks.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static OptimizationHost Create(OptimizationHostOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var environment = HostedEnvironment.Create(options.ToEnvironmentOptions(), loggerFactory);
        try
        {
            var host = Create(environment, options.Durable, loggerFactory, [environment]);
            host.LocalModel = environment.Lm.LocalModel;
            return host;
        }
        catch
        {
            environment.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Runtime.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            foreach (var item in _owned)
            {
                item.Dispose();
            }
        }
    }
}
