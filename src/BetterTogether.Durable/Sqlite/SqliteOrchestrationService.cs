using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BetterTogether.Durable.Sqlite;

/// <summary>
/// The embedded Durable backend: DurableTask.Core's <see cref="IOrchestrationService"/> and client interfaces over one
/// SQLite file. It stores and hands out messages, history and instance state; replay, timers, retries and determinism
/// stay the engine's. One process owns a file at a time (an OS lock on <c>{file}.lock</c>); work-item locks live in that
/// process's memory, so everything a killed owner had in flight is handed out again when the file is next opened, and
/// each completion is one transaction. See README.md in this project for locking, visibility and crash behaviour.
/// </summary>
public sealed partial class SqliteOrchestrationService :
    IOrchestrationService,
    IOrchestrationServiceClient,
    IOrchestrationServiceQueryClient,
    IOrchestrationServicePurgeClient,
    IDisposable
{
    private readonly SqliteOrchestrationServiceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DatabaseOwnerLock? _ownerLock;
    private readonly SqliteDatabase _database;
    private readonly WorkSignal _orchestrationSignal = new();
    private readonly WorkSignal _activitySignal = new();
    private readonly WorkSignal _stateSignal = new();
    private readonly Lock _locks = new();
    private readonly Dictionary<string, SqliteOrchestrationWorkItem> _lockedInstances = new(StringComparer.Ordinal);
    private readonly Dictionary<long, TaskActivityWorkItem> _lockedActivities = [];

    /// <summary>Opens (and in owner mode creates) the database and, unless read-only, takes the owner lock.</summary>
    /// <param name="options">The file and settings (validated here).</param>
    /// <param name="loggerFactory">Logs of the backend; none when null.</param>
    /// <param name="timeProvider">The clock of message visibility and instance times; the system clock when null.</param>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    /// <exception cref="EmbeddedDatabaseInUseException">Another process owns the file.</exception>
    /// <exception cref="FileNotFoundException">Read-only and the file does not exist.</exception>
    public SqliteOrchestrationService(SqliteOrchestrationServiceOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqliteOrchestrationService>();
        DatabasePath = Path.GetFullPath(options.DatabasePath);
        if (options.ReadOnly)
        {
            if (!File.Exists(DatabasePath))
            {
                throw new FileNotFoundException($"The embedded Durable database '{DatabasePath}' does not exist.", DatabasePath);
            }

            _database = SqliteDatabase.Open(DatabasePath, readOnly: true);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
            _ownerLock = DatabaseOwnerLock.Acquire(DatabasePath);
            try
            {
                _database = SqliteDatabase.Open(DatabasePath, readOnly: false);

                // Completes synchronously: nothing else can hold the new connection's gate yet.
                _database.WriteAsync(sql =>
                {
                    CreateSchema(sql);
                    return 0;
                }).GetAwaiter().GetResult();
            }
            catch
            {
                _database?.Dispose();
                _ownerLock.Dispose();
                throw;
            }
        }

        Log.DatabaseOpened(_logger, DatabasePath, options.ReadOnly ? "read-only" : "owner");
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Whether the file was opened read-only (no owner lock; writes throw).</summary>
    public bool IsReadOnly => _options.ReadOnly;

    /// <inheritdoc/>
    public int TaskOrchestrationDispatcherCount => 1;

    /// <inheritdoc/>
    public int MaxConcurrentTaskOrchestrationWorkItems => _options.MaxConcurrentOrchestrationWorkItems;

    /// <inheritdoc/>
    public int TaskActivityDispatcherCount => 1;

    /// <inheritdoc/>
    public int MaxConcurrentTaskActivityWorkItems => _options.MaxConcurrentActivityWorkItems;

    /// <summary>Events raised but not yet received when an orchestration continues as new go to the new execution, as on Azure Storage.</summary>
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    /// <inheritdoc/>
    public Task CreateAsync() => CreateAsync(recreateInstanceStore: true);

    /// <summary>Creates the tables; with <paramref name="recreateInstanceStore"/>, deletes all instances, history and messages first.</summary>
    public Task CreateAsync(bool recreateInstanceStore)
    {
        EnsureWritable();
        return _database.WriteAsync(sql =>
        {
            if (recreateInstanceStore)
            {
                DeleteEverything(sql);
            }

            CreateSchema(sql);
            return 0;
        });
    }

    /// <summary>The tables are created when the file is opened; this only checks that this service may write.</summary>
    public Task CreateIfNotExistsAsync()
    {
        EnsureWritable();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task DeleteAsync() => DeleteAsync(deleteInstanceStore: true);

    /// <summary>Deletes all instances, history and messages (the file stays).</summary>
    public Task DeleteAsync(bool deleteInstanceStore)
    {
        EnsureWritable();
        return _database.WriteAsync(sql =>
        {
            DeleteEverything(sql);
            return 0;
        });
    }

    /// <inheritdoc/>
    public Task StartAsync()
    {
        EnsureWritable();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>Wakes idle fetches so the stopping dispatchers see their cancellation. Locks held by running work items stay theirs.</summary>
    public Task StopAsync(bool isForced)
    {
        _orchestrationSignal.Set();
        _activitySignal.Set();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    /// <summary>No pause: an abandoned work item's messages are already delayed by <see cref="SqliteOrchestrationServiceOptions.AbandonDelay"/>.</summary>
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 0;

    /// <summary>A second's pause after a failed fetch (e.g. a disk error), none after a cancelled one (shutdown).</summary>
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <summary>Closes the file and releases the owner lock.</summary>
    public void Dispose()
    {
        _database.Dispose();
        _ownerLock?.Dispose();
    }

    private void EnsureWritable()
    {
        if (_options.ReadOnly)
        {
            throw new InvalidOperationException($"The embedded Durable database '{DatabasePath}' was opened read-only; only reads are allowed.");
        }
    }

    /// <summary>
    /// The fetch loop of both work-item kinds: take the signal, try to lock, and wait (for an enqueue in this process, the
    /// next delayed message, or the deadline) until a work item comes; null when none did. A work item locked while the
    /// dispatcher was stopping is unlocked, since it will not be processed.
    /// </summary>
    private async Task<TWorkItem> LockNextAsync<TWorkItem>(
        WorkSignal workSignal,
        Func<Task<(TWorkItem? WorkItem, DateTime? DueAt)>> tryLock,
        Action<TWorkItem> unlock,
        TimeSpan receiveTimeout,
        CancellationToken cancellationToken)
        where TWorkItem : class
    {
        var deadline = DeadlineAfter(receiveTimeout);
        while (true)
        {
            var signal = workSignal.Next;
            var (workItem, dueAt) = await tryLock().ConfigureAwait(false);
            if (workItem is not null)
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    return workItem;
                }

                unlock(workItem);
                return null!;
            }

            if (!await WaitAsync(signal, deadline, dueAt, cancellationToken).ConfigureAwait(false))
            {
                return null!;
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="signal"/> fires, <paramref name="dueAt"/> (the next delayed message) or
    /// <paramref name="deadline"/> comes, or the polling interval passes. False when the deadline has passed or the wait was cancelled.
    /// </summary>
    private async Task<bool> WaitAsync(Task signal, DateTime deadline, DateTime? dueAt, CancellationToken cancellationToken)
    {
        var now = Now;
        if (now >= deadline || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var until = dueAt is { } due && due < deadline ? due : deadline;
        var wait = until - now;
        wait = wait > _options.MaxPollingInterval ? _options.MaxPollingInterval : wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait;
        // The cancellation completes its own task from inside Cancel(), so a stopping engine's fetch returns before the
        // engine checks whether its fetchers are done (a TimeProvider delay completes asynchronously, which would make
        // every graceful stop wait a further second).
        var cancelled = new TaskCompletionSource();
        using var registration = cancellationToken.Register(static source => ((TaskCompletionSource)source!).TrySetResult(), cancelled);
        using var stopDelay = new CancellationTokenSource();
        var delay = Task.Delay(wait, _time, stopDelay.Token);
        if (await Task.WhenAny(signal, delay, cancelled.Task).ConfigureAwait(false) != delay)
        {
            // Frees the delay's timer.
            stopDelay.Cancel();
        }

        return !cancellationToken.IsCancellationRequested;
    }

    /// <summary>When a fetch that waits at most <paramref name="timeout"/> gives up (bounded, so the arithmetic cannot overflow).</summary>
    private DateTime DeadlineAfter(TimeSpan timeout) => Now + (timeout > TimeSpan.FromDays(1) || timeout < TimeSpan.Zero ? TimeSpan.FromDays(1) : timeout);
}
