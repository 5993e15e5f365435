using System.Collections.Concurrent;
using BetterTogether.Storage;
using BetterTogether.Workflow.Orchestration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BetterTogether.Workflow.Embedded;

/// <summary>
/// An in-process durable orchestration runtime over an <see cref="IArtifactStore"/>: event-sourced
/// history per instance, replay on restart, activity results recorded once, durable timers, retries,
/// bounded activity concurrency, and instance management (<see cref="IOrchestrationClient"/>).
/// </summary>
/// <remarks>
/// Layout: status documents at <c>{InstancesPrefix}/{instanceId}.json</c>; history journal at
/// <c>{RunsPrefix}/{instanceId}/history/{generation:D6}-{batch:D8}.jsonl</c> (create-only records).
/// One host runs an instance at a time; a second host appending to the same history loses the
/// create-only race and stops running that instance. <see cref="StartAsync"/> and
/// <see cref="StopAsync"/> match <c>IHostedService</c>.
/// </remarks>
public sealed partial class EmbeddedOrchestrationRuntime : IOrchestrationClient, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, InstanceWorker> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _finishSignals = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EmbeddedRuntimeOptions _options;
    private bool _started;
    private bool _stopped;
    private bool _disposed;

    /// <summary>Creates a runtime; call <see cref="StartAsync"/> to run instances.</summary>
    /// <param name="store">Where histories and status documents live.</param>
    /// <param name="registry">The orchestrators and activities.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="timeProvider">The clock of timers and timestamps; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">A logger; none when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid.</exception>
    public EmbeddedOrchestrationRuntime(IArtifactStore store, WorkflowRegistry registry, EmbeddedRuntimeOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(registry);
        _options = options ?? new EmbeddedRuntimeOptions();
        _options.Validate();
        Registry = registry;
        Time = timeProvider ?? TimeProvider.System;
        Logger = logger ?? NullLogger.Instance;
        Journal = new HistoryJournal(store, _options.RunsPrefix);
        Records = new InstanceRecordStore(store, _options.InstancesPrefix);
        Reader = new EmbeddedInstanceReader(Records);
        Dispatcher = new ActivityDispatcher(registry, _options.MaxConcurrentActivities, Time, Logger);
    }

    internal WorkflowRegistry Registry { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    internal HistoryJournal Journal { get; }

    internal InstanceRecordStore Records { get; }

    internal EmbeddedInstanceReader Reader { get; }

    internal ActivityDispatcher Dispatcher { get; }

    /// <summary>Starts running: resumes every pending, running or suspended instance found in the store.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_started)
            {
                return;
            }

            if (_stopped)
            {
                throw new InvalidOperationException("A stopped embedded runtime cannot be started again; create a new one over the same store.");
            }

            _started = true;
            await foreach (var id in Records.ListIdsAsync(null, cancellationToken).ConfigureAwait(false))
            {
                if (await Records.ReadAsync(id, cancellationToken).ConfigureAwait(false) is { Record: { IsTerminal: false } record })
                {
                    StartWorker(record);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops running instances and in-flight activities; they resume when a new runtime starts over the same store (in this or another process).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _started = false;
            _stopped = true;
            await Dispatcher.StopAsync().ConfigureAwait(false);
            await Task.WhenAll(_workers.Values.Select(w => w.StopAsync())).ConfigureAwait(false);
            _workers.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        Dispatcher.Dispose();
        _gate.Dispose();
    }

    internal void OnWorkerExited(InstanceWorker worker, InstanceRecord record)
    {
        _workers.TryRemove(new KeyValuePair<string, InstanceWorker>(worker.InstanceId, worker));
        if (record.IsTerminal && _finishSignals.TryRemove(record.InstanceId, out var signal))
        {
            signal.TrySetResult();
        }
    }

    private InstanceWorker StartWorker(InstanceRecord record)
    {
        while (true)
        {
            if (_workers.TryGetValue(record.InstanceId, out var existing))
            {
                if (!existing.HasExited)
                {
                    return existing;
                }

                _workers.TryRemove(new KeyValuePair<string, InstanceWorker>(record.InstanceId, existing));
                continue;
            }

            // Registered before it starts, so that its exit always finds and removes it.
            var worker = InstanceWorker.Create(this, record);
            if (_workers.TryAdd(record.InstanceId, worker))
            {
                worker.Start();
                return worker;
            }
        }
    }

    private async Task<InstanceWorker?> GetWorkerAsync(string instanceId, CancellationToken cancellationToken)
    {
        var found = await Records.ReadAsync(instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new OrchestrationNotFoundException($"No orchestration instance has id '{instanceId}'.");
        if (found.Record.IsTerminal)
        {
            return null;
        }

        if (!_started)
        {
            throw new InvalidOperationException($"Instance '{instanceId}' cannot receive events: the embedded runtime is not started.");
        }

        return StartWorker(found.Record);
    }

    /// <summary>Whether an id can name an instance: 1-200 ASCII letters, digits, '-', '_', '.', ':' or '@', not starting with '.'.</summary>
    /// <param name="instanceId">The id.</param>
    /// <returns><see langword="true"/> when it can.</returns>
    public static bool IsValidInstanceId(string instanceId) =>
        instanceId is { Length: > 0 and <= 200 } && instanceId[0] != '.' && instanceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '@');

    private static void ValidateInstanceId(string instanceId)
    {
        if (!IsValidInstanceId(instanceId))
        {
            throw new ArgumentException($"Instance id '{instanceId}' is invalid: use 1-200 ASCII letters, digits, '-', '_', '.', ':' or '@', not starting with '.'.", nameof(instanceId));
        }
    }
}
