using BetterTogether.Core.FineTuning;
using BetterTogether.Engine.FineTuning;
using BetterTogether.Engine.Serving;
using BetterTogether.OpenAI.Configuration;
using BetterTogether.Storage;
using BetterTogether.Tasks.Registry;
using BetterTogether.Workflow.Embedded;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Orchestration;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Cli.Hosting;

/// <summary>
/// The composed local host of optimization runs: an environment (store, LM, fine-tuner, tasks) and an embedded
/// durable runtime with the BetterTogether orchestration registered. Shared by <c>bt serve</c> and <c>bt optimize</c>.
/// </summary>
public sealed class OptimizationHost : IAsyncDisposable
{
    private readonly List<IDisposable> _owned;

    private OptimizationHost(IOptimizationEnvironment environment, EmbeddedOrchestrationRuntime runtime, List<IDisposable> owned)
    {
        Environment = environment;
        Runtime = runtime;
        _owned = owned;
    }

    /// <summary>The store, LM, fine-tuner and tasks.</summary>
    public IOptimizationEnvironment Environment { get; }

    /// <summary>The artifact store.</summary>
    public IArtifactStore Store => Environment.Store;

    /// <summary>The embedded runtime (also the <see cref="IOrchestrationClient"/>).</summary>
    public EmbeddedOrchestrationRuntime Runtime { get; }

    /// <summary>Starts, queries and manages runs.</summary>
    public IOrchestrationClient Client => Runtime;

    /// <summary>The in-process model loaded from <see cref="OptimizationHostOptions.ModelPath"/>, if any (shared with other endpoints).</summary>
    public LocalModel? LocalModel { get; private set; }

    /// <summary>Starts a run of the BetterTogether orchestration.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">The instance id is taken.</exception>
    public Task<string> StartRunAsync(OptimizationRunRequest request, string? instanceId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Runtime.ScheduleNewOrchestrationInstanceAsync(OptimizationActivityNames.Orchestration, request, new StartOrchestrationOptions(instanceId), cancellationToken);
    }

    /// <summary>Builds a host over a ready environment (tests, custom wiring).</summary>
    /// <param name="environment">The store, LM, fine-tuner and tasks.</param>
    /// <param name="maxConcurrentActivities">Activities run at once.</param>
    /// <param name="timeProvider">The runtime's clock.</param>
    /// <param name="loggerFactory">Logs of the runtime.</param>
    /// <param name="owned">Disposed with the host.</param>
    public static OptimizationHost Create(IOptimizationEnvironment environment, int maxConcurrentActivities = 2, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IEnumerable<IDisposable>? owned = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var registry = new WorkflowRegistry().AddBetterTogether(environment);
        var runtime = new EmbeddedOrchestrationRuntime(
            environment.Store,
            registry,
            new EmbeddedRuntimeOptions { MaxConcurrentActivities = maxConcurrentActivities, RunsPrefix = RunArtifacts.RunsPrefix },
            timeProvider,
            loggerFactory?.CreateLogger<EmbeddedOrchestrationRuntime>());
        return new OptimizationHost(environment, runtime, [.. owned ?? []]);
    }

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
            chat = new EngineChatClient(local);
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
        var host = Create(environment, options.MaxConcurrentActivities, null, loggerFactory, owned);
        host.LocalModel = local;
        return host;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync().ConfigureAwait(false);
        foreach (var item in _owned)
        {
            item.Dispose();
        }
    }
}
