using BetterTogether.Core.FineTuning;
using BetterTogether.Engine.FineTuning;
using BetterTogether.Storage;
using BetterTogether.TrainingJobs.ContainerApps;
using BetterTogether.TrainingJobs.Dispatch;
using BetterTogether.TrainingJobs.FineTuning;
using BetterTogether.TrainingJobs.Local;
using BetterTogether.Workflow.Adapters;
using BetterTogether.Workflow.Optimization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Hosting;

/// <summary>
/// The one composition root of a run environment, used by <c>bt serve</c>, <c>bt optimize</c> and the Functions app:
/// the artifact store, the LM (one model-id rule for local folders), the fine-tuner (in-process, local process job,
/// Container Apps job or none) and the tasks. Adapters are artifacts of the store: with the in-process engine, requests
/// naming an adapter by store path are served from a local copy (<see cref="StoredAdapterChatClient"/>).
/// </summary>
public sealed class HostedEnvironment : IOptimizationEnvironment, IDisposable
{
    private readonly OptimizationEnvironment _inner;
    private readonly List<IDisposable> _owned;

    private HostedEnvironment(OptimizationEnvironment inner, HostedLm lm, StoredAdapterCache adapters, List<IDisposable> owned)
    {
        _inner = inner;
        Lm = lm;
        Adapters = adapters;
        _owned = owned;
    }

    /// <inheritdoc/>
    public IArtifactStore Store => _inner.Store;

    /// <inheritdoc/>
    public IChatClient ChatClient => _inner.ChatClient;

    /// <inheritdoc/>
    public string ModelId => _inner.ModelId;

    /// <inheritdoc/>
    public IFineTuner FineTuner => _inner.FineTuner;

    /// <inheritdoc/>
    public TimeProvider TimeProvider => _inner.TimeProvider;

    /// <summary>The LM.</summary>
    public HostedLm Lm { get; }

    /// <summary>Local copies of the store's adapters (for writing them out, or serving them elsewhere).</summary>
    public StoredAdapterCache Adapters { get; }

    /// <inheritdoc/>
    public OptimizationTask GetTask(string name, int seed) => _inner.GetTask(name, seed);

    /// <summary>Builds an environment that owns its LM.</summary>
    /// <param name="options">The settings; <see cref="OptimizationEnvironmentOptions.Store"/> and <see cref="OptimizationEnvironmentOptions.Lm"/> are required.</param>
    /// <param name="loggerFactory">Logs of the store, the LM and the fine-tuner.</param>
    /// <param name="httpClient">The HTTP client of ARM calls (<see cref="FineTunerKind.ContainerApps"/>).</param>
    /// <returns>The environment; dispose it to release the LM and the fine-tuner.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid.</exception>
    /// <exception cref="FormatException">A store connection string is malformed.</exception>
    public static HostedEnvironment Create(OptimizationEnvironmentOptions options, ILoggerFactory? loggerFactory = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var store = ArtifactStores.Open(options.Store!, options.StoreContainer, loggerFactory: loggerFactory);
        var lm = HostedLm.Create(options.Lm!, loggerFactory);
        try
        {
            return Compose(store, lm, options, null, ownsLm: true, loggerFactory, httpClient);
        }
        catch
        {
            lm.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Builds an environment over a store and an LM that the caller owns and shares (e.g. <c>bt optimize</c>: one
    /// environment per run over one loaded model). <see cref="OptimizationEnvironmentOptions.Lm"/> is not read, and
    /// <see cref="OptimizationEnvironmentOptions.Store"/> only as the trainer's store spec of job fine-tuners.
    /// </summary>
    /// <param name="store">The artifact store.</param>
    /// <param name="lm">The LM; not disposed with the environment.</param>
    /// <param name="options">The fine-tuner, folders, tasks and clock.</param>
    /// <param name="chatClient">The client runs use instead of <paramref name="lm"/>'s (e.g. metered); it must wrap it.</param>
    /// <param name="loggerFactory">Logs of the fine-tuner.</param>
    /// <param name="httpClient">The HTTP client of ARM calls (<see cref="FineTunerKind.ContainerApps"/>).</param>
    /// <returns>The environment; dispose it to release the fine-tuner.</returns>
    /// <exception cref="ArgumentException">A setting is missing or invalid.</exception>
    public static HostedEnvironment Create(IArtifactStore store, HostedLm lm, OptimizationEnvironmentOptions options, IChatClient? chatClient = null, ILoggerFactory? loggerFactory = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(lm);
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateParts();
        return Compose(store, lm, options, chatClient, ownsLm: false, loggerFactory, httpClient);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    private static HostedEnvironment Compose(IArtifactStore store, HostedLm lm, OptimizationEnvironmentOptions options, IChatClient? chatClient, bool ownsLm, ILoggerFactory? loggerFactory, HttpClient? httpClient)
    {
        var owned = new List<IDisposable>();
        if (ownsLm)
        {
            owned.Add(lm);
        }

        try
        {
            var adapters = new StoredAdapterCache(store, options.AdapterCache ?? LocalFolders.Beside(store, LocalFolders.AdapterCache));
            var chat = chatClient ?? lm.Client;

            // Not owned: disposing the middleware would dispose the LM's client under it.
            if (lm.IsInProcess)
            {
                chat = new StoredAdapterChatClient(chat, adapters);
            }

            var fineTuner = CreateFineTuner(store, lm, options, owned, loggerFactory, httpClient);
            var inner = new OptimizationEnvironment(store, chat, lm.ModelId, fineTuner, options.ResolveTask, options.TimeProvider);
            return new HostedEnvironment(inner, lm, adapters, owned);
        }
        catch
        {
            owned.Where(o => o != lm).ToList().ForEach(o => o.Dispose());
            throw;
        }
    }

    private static IFineTuner CreateFineTuner(IArtifactStore store, HostedLm lm, OptimizationEnvironmentOptions options, List<IDisposable> owned, ILoggerFactory? loggerFactory, HttpClient? httpClient)
    {
        var settings = options.FineTuner;
        var kind = settings.Kind == FineTunerKind.Auto ? (lm.LocalModel is null ? FineTunerKind.None : FineTunerKind.InProcess) : settings.Kind;
        switch (kind)
        {
            case FineTunerKind.InProcess:
                var local = lm.LocalModel ?? throw new ArgumentException("The in-process fine-tuner needs a local model folder (the base model it trains adapters on).", nameof(options));
                var tuner = new InProcessFineTuner(_ => local, Path.GetFullPath(options.AdapterRoot ?? LocalFolders.Beside(store, LocalFolders.Adapters)), options.TimeProvider);
                owned.Add(tuner);
                return tuner;
            case FineTunerKind.LocalProcess:
                var process = new LocalProcessDispatcher(new LocalProcessDispatcherOptions { TrainerPath = settings.TrainerPath! });
                owned.Add(process);
                return JobFineTuner(store, process, options, loggerFactory);
            case FineTunerKind.ContainerApps:
                var http = httpClient ?? throw new ArgumentException("The Container Apps fine-tuner needs an HTTP client for ARM calls.", nameof(httpClient));
                var dispatcher = new ContainerAppsJobDispatcher(http, settings.Credential!, settings.ContainerApps!, options.TimeProvider, loggerFactory?.CreateLogger<ContainerAppsJobDispatcher>());
                return JobFineTuner(store, dispatcher, options, loggerFactory);
            default:
                return new UnavailableFineTuner();
        }
    }

    private static JobFineTuner JobFineTuner(IArtifactStore store, IJobDispatcher dispatcher, OptimizationEnvironmentOptions options, ILoggerFactory? loggerFactory) => new(
        store,
        dispatcher,
        new JobFineTunerOptions
        {
            TrainerStoreConnection = options.FineTuner.TrainerStoreConnection ?? options.Store
                ?? throw new ArgumentException("A training job fine-tuner needs the store spec the trainer opens.", nameof(options)),
            Container = options.StoreContainer,
            CheckpointEverySteps = options.FineTuner.CheckpointEverySteps,
            Backend = options.FineTuner.TrainerBackend,
            TimeProvider = options.TimeProvider,
        },
        loggerFactory?.CreateLogger<JobFineTuner>());
}
