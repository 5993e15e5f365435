using DurableTask.Core;
using DurableTask.Core.History;

namespace BetterTogether.Durable.Sqlite;

/// <summary>The client side: starting instances, sending them messages, reading and waiting for their state.</summary>
public sealed partial class SqliteOrchestrationService
{
    /// <inheritdoc/>
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses: null);

    /// <summary>
    /// Starts a run. An instance id that has not finished is always rejected (this backend never replaces a running
    /// instance); a finished one is rejected when its status is in <paramref name="dedupeStatuses"/> and replaced otherwise,
    /// its old history deleted in the same transaction as the new start.
    /// </summary>
    /// <exception cref="DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException">The id is taken by a rejected instance.</exception>
    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[]? dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        var start = creationMessage.Event as ExecutionStartedEvent
            ?? throw new ArgumentException($"Only {nameof(ExecutionStartedEvent)} messages create orchestrations.", nameof(creationMessage));
        EnsureWritable();
        var now = Now;
        await _database.WriteAsync(sql =>
        {
            StartInstance(sql, creationMessage, start, dedupeStatuses, rejectUnfinished: true, now);
            return 0;
        }).ConfigureAwait(false);
        _orchestrationSignal.Set();
        _stateSignal.Set();
    }

    /// <inheritdoc/>
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => SendTaskOrchestrationMessageBatchAsync(message);

    /// <summary>Enqueues messages to orchestrations (events, terminate, suspend, resume) in one transaction.</summary>
    public async Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        EnsureWritable();
        var now = Now;
        await _database.WriteAsync(sql =>
        {
            foreach (var message in messages)
            {
                EnqueueOrchestrationMessage(sql, message, now);
            }

            return 0;
        }).ConfigureAwait(false);
        _orchestrationSignal.Set();
    }

    /// <summary>Terminates an instance by sending it an <see cref="ExecutionTerminatedEvent"/>; the engine records it.</summary>
    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionTerminatedEvent(-1, reason),
        });
    }

    /// <summary>
    /// Waits until the instance (the given execution, or the latest when null) has finished, woken by completions in
    /// this process and polling otherwise; null when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var infinite = timeout == Timeout.InfiniteTimeSpan || timeout == TimeSpan.MaxValue;
        var deadline = infinite ? DateTime.MaxValue : DeadlineAfter(timeout);
        while (true)
        {
            var signal = _stateSignal.Next;
            var state = await GetOrchestrationStateAsync(instanceId, executionId).ConfigureAwait(false);
            if (state is not null && InstanceRows.IsFinished(state.OrchestrationStatus))
            {
                return state;
            }

            if (!await WaitAsync(signal, deadline, dueAt: null, cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                return null!;
            }
        }
    }

    /// <summary>The instance's state (this backend keeps the latest execution only), or an empty list.</summary>
    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        var state = await GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false);
        return state is null ? [] : [state];
    }

    /// <summary>The instance's state with inputs and outputs when its latest execution is <paramref name="executionId"/> (any when null); else null.</summary>
    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string? executionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return _database.ReadAsync(sql => sql.Query(
                $"SELECT {InstanceRows.Columns} FROM instances WHERE instance_id = $id AND ($execution IS NULL OR execution_id = $execution);",
                row => InstanceRows.Read(row, includeInputsAndOutputs: true),
                ("$id", instanceId),
                ("$execution", executionId))
            .FirstOrDefault()!);
    }

    /// <summary>The current execution's history as a JSON array of DurableTask.Core history events (with type names).</summary>
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string? executionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return _database.ReadAsync(sql =>
        {
            var events = sql.Query(
                "SELECT event FROM history WHERE instance_id = $id AND ($execution IS NULL OR execution_id = $execution) ORDER BY sequence;",
                row => CoreJson.Deserialize<HistoryEvent>(row.GetString(0)),
                ("$id", instanceId),
                ("$execution", executionId));
            return CoreJson.Serialize(events);
        });
    }
}
