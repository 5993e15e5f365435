using BetterTogether.Core.FineTuning;
using BetterTogether.Durable;
using BetterTogether.Engine.FineTuning;
using BetterTogether.Engine.Serving;
using BetterTogether.OpenAI.Configuration;
using BetterTogether.OpenAI.Telemetry;
using BetterTogether.Storage;
using BetterTogether.Tasks.Registry;
using BetterTogether.Workflow.Hosting;
using BetterTogether.Workflow.Optimization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Cli.Hosting;

/// <summary>
/// The composition root of local runs, shared by <c>bt optimize</c> and <c>bt serve</c>: an environment (store, LM,
/// fine-tuner, tasks) and the <see cref="OptimizationRuntime"/> (the real Durable Task engine over one backend).
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

    /// <summary>Builds the local host from options: the store, the in-process engine or an OpenAI-compatible endpoint, the in-process fine-tuner, the built-in tasks.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static OptimizationHost Create(OptimizationHostOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var store = ArtifactStores.Open(options.Store, loggerFactory: loggerFactory);
        var owned = new List<IDisposable>();
        LocalModel? local = string.IsNullOrWhiteSpace(options.ModelPath) ? null : LocalModel.Load(options.ModelPath, options.ModelId);
        IChatClient chat;
        string modelId;
        if (!string.IsNullOrWhiteSpace(options.LmEndpoint))
        {
            modelId = options.ModelId ?? local!.Name;
            chat = OpenAIChatClientFactory.Create(new OpenAIEndpointSettings { Endpoint = options.LmEndpoint, ApiKey = options.LmApiKey, Model = modelId }, loggerFactory: loggerFactory);
        }
        else
        {
            modelId = local!.Name;
            chat = new EngineChatClient(local).WithLmTelemetry(loggerFactory);
        }

        owned.Add(chat);
        IFineTuner fineTuner = new UnavailableFineTuner();
        if (local is not null)
        {
            var tuner = new InProcessFineTuner(_ => local, Path.GetFullPath(options.AdapterRoot));
            owned.Add(tuner);
            fineTuner = tuner;
        }

        var environment = new OptimizationEnvironment(store, chat, modelId, fineTuner, TaskCatalog.Resolve);
        var host = Create(environment, options.Durable, loggerFactory, owned);
        host.LocalModel = local;
        return host;
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
