using DurableTask.Core;
using DurableTask.Core.History;

namespace BetterTogether.Durable.Sqlite;

/// <summary>Orchestration work items: one instance at a time, with all its visible messages and its history.</summary>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>
    /// Locks the instance with the oldest visible message that no running work item holds and returns its visible
    /// messages and history. Waits (woken by enqueues in this process and at the next delayed message's time) up to
    /// <paramref name="receiveTimeout"/>; null when nothing came. Messages of an instance that does not exist or has
    /// finished are discarded, as Azure Storage does.
    /// </summary>
    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        EnsureWritable();
        return await LockNextAsync(_orchestrationSignal, () => TryLockOrchestrationAsync(cancellationToken), Unlock, receiveTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Commits a work item in one transaction: the new history, the instance's state, the deletion of the consumed
    /// messages and the new activity, orchestration and timer messages. Then unlocks the instance and wakes the fetches.
    /// </summary>
    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        var item = Own(workItem);
        ArgumentNullException.ThrowIfNull(newOrchestrationRuntimeState);
        var now = Now;
        try
        {
            await _database.WriteAsync(sql =>
            {
                // No state: the engine dropped the work item (e.g. messages for an unknown execution); only its messages go.
                if (orchestrationState is not null)
                {
                    var executionId = newOrchestrationRuntimeState.OrchestrationInstance?.ExecutionId ?? item.ExecutionId ?? string.Empty;
                    if (executionId != item.ExecutionId)
                    {
                        // Continue-as-new: a new execution starts a new history.
                        sql.Execute("DELETE FROM history WHERE instance_id = $id;", ("$id", item.InstanceId));
                        AppendHistory(sql, item.InstanceId, executionId, newOrchestrationRuntimeState.Events, first: 0);
                    }
                    else
                    {
                        AppendHistory(sql, item.InstanceId, executionId, newOrchestrationRuntimeState.NewEvents, newOrchestrationRuntimeState.PastEvents.Count);
                    }

                    InstanceRows.WriteState(sql, orchestrationState, executionId, now);
                }

                DeleteOrchestrationMessages(sql, item.MessageIds);
                foreach (var message in outboundMessages ?? [])
                {
                    EnqueueActivity(sql, message, now);
                }

                foreach (var message in (orchestratorMessages ?? []).Concat(timerMessages ?? []))
                {
                    EnqueueOrchestrationMessage(sql, message, now);
                }

                if (continuedAsNewMessage is not null)
                {
                    EnqueueOrchestrationMessage(sql, continuedAsNewMessage, now);
                }

                return 0;
            }).ConfigureAwait(false);
        }
        finally
        {
            Unlock(item);
        }

        if (outboundMessages?.Count > 0)
        {
            _activitySignal.Set();
        }

        _stateSignal.Set();
    }

    /// <summary>Makes the work item's messages visible again after <see cref="SqliteOrchestrationServiceOptions.AbandonDelay"/> and unlocks the instance.</summary>
    public async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = Own(workItem);
        try
        {
            var visibleAt = InstanceRows.Ticks(Now + _options.AbandonDelay);
            await _database.WriteAsync(sql =>
            {
                foreach (var id in item.MessageIds)
                {
                    sql.Execute("UPDATE orchestration_queue SET visible_at = $at WHERE id = $id;", ("$at", visibleAt), ("$id", id));
                }

                return 0;
            }).ConfigureAwait(false);
            Log.OrchestrationAbandoned(_logger, item.InstanceId, _options.AbandonDelay);
        }
        finally
        {
            Unlock(item);
        }
    }

    /// <summary>Unlocks the instance if this work item still holds it (the engine releases after completing or abandoning).</summary>
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        Unlock(Own(workItem));
        return Task.CompletedTask;
    }

    /// <summary>Extends the lease reported to the engine; the in-memory lock itself lasts until completion.</summary>
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        workItem.LockedUntilUtc = Now + _options.LockTimeout;
        return Task.CompletedTask;
    }

    private static SqliteOrchestrationWorkItem Own(TaskOrchestrationWorkItem workItem) =>
        workItem as SqliteOrchestrationWorkItem
        ?? throw new ArgumentException($"The work item was not created by {nameof(SqliteOrchestrationService)}.", nameof(workItem));

    private static void AppendHistory(SqliteSession sql, string instanceId, string executionId, IList<HistoryEvent> events, int first)
    {
        for (var i = 0; i < events.Count; i++)
        {
            sql.Execute(
                "INSERT INTO history (instance_id, sequence, execution_id, event_type, event) VALUES ($id, $sequence, $execution, $type, $event);",
                ("$id", instanceId),
                ("$sequence", first + i),
                ("$execution", executionId),
                ("$type", events[i].EventType.ToString()),
                ("$event", CoreJson.Serialize(events[i])));
        }
    }

    private async Task<(SqliteOrchestrationWorkItem? WorkItem, DateTime? DueAt)> TryLockOrchestrationAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = Now;
            var (workItem, discard, dueAt) = await _database.ReadAsync(sql => TryLockOrchestration(sql, now), cancellationToken).ConfigureAwait(false);
            if (workItem is null || discard is null)
            {
                return (workItem, dueAt);
            }

            try
            {
                await _database.WriteAsync(sql => DeleteOrchestrationMessages(sql, workItem.MessageIds), cancellationToken).ConfigureAwait(false);
                Log.MessagesDiscarded(_logger, workItem.MessageIds.Count, workItem.InstanceId, discard);
            }
            finally
            {
                Unlock(workItem);
            }
        }
    }

    /// <summary>Locks and loads the next instance; a non-null discard reason means its messages are to be dropped instead.</summary>
    private (SqliteOrchestrationWorkItem? WorkItem, string? Discard, DateTime? DueAt) TryLockOrchestration(SqliteSession sql, DateTime now)
    {
        int locked;
        lock (_locks)
        {
            locked = _lockedInstances.Count;
        }

        // At most `locked` of the candidates are held by running work items, so one more is enough to find a free one.
        var candidates = sql.Query(
            "SELECT instance_id FROM orchestration_queue WHERE visible_at <= $now GROUP BY instance_id ORDER BY MIN(id) LIMIT $limit;",
            row => row.GetString(0),
            ("$now", InstanceRows.Ticks(now)),
            ("$limit", locked + 1));
        foreach (var instanceId in candidates)
        {
            var workItem = new SqliteOrchestrationWorkItem { InstanceId = instanceId, LockedUntilUtc = now + _options.LockTimeout };
            if (TryLock(workItem))
            {
                var discard = Load(sql, workItem, now);
                return (workItem, discard, null);
            }
        }

        var next = sql.Scalar("SELECT MIN(visible_at) FROM orchestration_queue WHERE visible_at > $now;", ("$now", InstanceRows.Ticks(now)));
        return (null, null, next is long ticks ? InstanceRows.Time(ticks) : null);
    }

    private static string? Load(SqliteSession sql, SqliteOrchestrationWorkItem workItem, DateTime now)
    {
        var id = ("$id", (object?)workItem.InstanceId);
        var messages = sql.Query(
            "SELECT id, message FROM orchestration_queue WHERE instance_id = $id AND visible_at <= $now ORDER BY id;",
            row => (Id: row.GetInt64(0), Message: row.GetString(1)),
            id,
            ("$now", InstanceRows.Ticks(now)));
        workItem.MessageIds = [.. messages.Select(m => m.Id)];
        var instance = sql.Query(
            "SELECT status, execution_id FROM instances WHERE instance_id = $id;",
            row => (Status: InstanceRows.Status(row.GetString(0)), ExecutionId: row.GetString(1)),
            id);
        if (instance.Count == 0)
        {
            return "the instance does not exist";
        }

        if (InstanceRows.IsFinished(instance[0].Status))
        {
            return $"the instance is {instance[0].Status}";
        }

        workItem.ExecutionId = instance[0].ExecutionId;
        workItem.NewMessages = [.. messages.Select(m => CoreJson.Deserialize<TaskMessage>(m.Message))];
        var history = sql.Query("SELECT event FROM history WHERE instance_id = $id ORDER BY sequence;", row => CoreJson.Deserialize<HistoryEvent>(row.GetString(0)), id);
        workItem.OrchestrationRuntimeState = new OrchestrationRuntimeState(history);
        return null;
    }

    private static int DeleteOrchestrationMessages(SqliteSession sql, IReadOnlyList<long> ids)
    {
        foreach (var id in ids)
        {
            sql.Execute("DELETE FROM orchestration_queue WHERE id = $id;", ("$id", id));
        }

        return ids.Count;
    }

    private bool TryLock(SqliteOrchestrationWorkItem workItem)
    {
        lock (_locks)
        {
            return _lockedInstances.TryAdd(workItem.InstanceId, workItem);
        }
    }

    private void Unlock(SqliteOrchestrationWorkItem workItem)
    {
        bool released;
        lock (_locks)
        {
            // Only the work item that holds the lock may release it: Complete and then Release both unlock.
            released = _lockedInstances.TryGetValue(workItem.InstanceId, out var holder) && ReferenceEquals(holder, workItem)
                && _lockedInstances.Remove(workItem.InstanceId);
        }

        if (released)
        {
            // Messages that arrived for the instance while it was locked can now be handed out.
            _orchestrationSignal.Set();
        }
    }
}
