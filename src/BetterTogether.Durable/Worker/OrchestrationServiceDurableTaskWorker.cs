using DurableTask.Core;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BetterTogether.Durable.Worker;

/// <summary>
/// A Durable worker that runs DurableTask.Core's <see cref="TaskHubWorker"/> in this process over an
/// <see cref="IOrchestrationService"/>, replaying the registered <c>TaskOrchestrator</c> and <c>TaskActivity</c> classes
/// through <see cref="DurableTaskShimFactory"/> as Durable Functions does. Activity failures reach orchestrators as
/// <c>TaskFailedException</c> whose <c>FailureDetails.ErrorType</c> is the exception's type name
/// (<see cref="ErrorPropagationMode.UseFailureDetails"/>). Register it with <c>UseOrchestrationService()</c>.
/// </summary>
public sealed class OrchestrationServiceDurableTaskWorker : DurableTaskWorker
{
    private readonly IOrchestrationService _service;
    private readonly DurableTaskWorkerOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the worker; the builder passes <paramref name="name"/> and <paramref name="factory"/>, DI the rest.</summary>
    /// <param name="name">The worker's name (the builder's name).</param>
    /// <param name="factory">Creates orchestrators and activities by name (from the builder's <c>AddTasks</c>).</param>
    /// <param name="options">The worker options (data converter, timer limits) by name.</param>
    /// <param name="service">The backend.</param>
    /// <param name="services">The container activities are created from, one scope per activity execution.</param>
    /// <param name="loggerFactory">Logs of the worker and the engine; none when null.</param>
    public OrchestrationServiceDurableTaskWorker(
        string? name,
        IDurableTaskFactory factory,
        IOptionsMonitor<DurableTaskWorkerOptions> options,
        IOrchestrationService service,
        IServiceProvider services,
        ILoggerFactory? loggerFactory = null)
        : base(name, factory)
    {
        ArgumentNullException.ThrowIfNull(options);
        _service = service ?? throw new ArgumentNullException(nameof(service));
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _options = options.Get(Name);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<OrchestrationServiceDurableTaskWorker>();
    }

    /// <summary>Starts the engine and returns once it runs, so that a backend that cannot start fails the host's start.</summary>
    /// <param name="cancellationToken">Abandons the wait for the start.</param>
    /// <returns>A task that completes when the engine runs.</returns>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
        await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TaskHubWorker worker;
        try
        {
            Log.WorkerStarting(_logger, Name, _service.GetType().Name);
            await _service.CreateIfNotExistsAsync().ConfigureAwait(false);
            var shims = new DurableTaskShimFactory(_options, _loggerFactory);
            worker = new TaskHubWorker(
                _service,
                new OrchestratorObjectManager(Factory, _services, shims),
                new ActivityObjectManager(Factory, _services, shims),
                _loggerFactory)
            {
                ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
            };
            worker.AddOrchestrationDispatcherMiddleware(ParentAwareOrchestration.SetParentAsync);
            await worker.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // StartAsync rethrows it to the host; returning keeps the host from reporting it a second time.
            Log.WorkerStartFailed(_logger, Name, ex);
            _started.TrySetException(ex);
            return;
        }

        _started.TrySetResult();
        Log.WorkerStarted(_logger, Name);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown: fall through to a graceful stop.
        }

        Log.WorkerStopping(_logger, Name);
        try
        {
            // Not forced: the dispatchers wait (a few seconds) for running work items; what is still running is abandoned
            // and runs again on the next start (at-least-once).
            await worker.StopAsync(isForced: false).ConfigureAwait(false);
        }
        finally
        {
            worker.Dispose();
        }

        Log.WorkerStopped(_logger, Name);
    }
}
