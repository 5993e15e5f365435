using System.Globalization;
using DurableTask.Core;

namespace BetterTogether.Durable.Sqlite;

/// <summary>Activity work items: one scheduled activity message each.</summary>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>Locks the oldest visible activity message that no running work item holds; waits up to <paramref name="receiveTimeout"/>; null when none came.</summary>
    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        EnsureWritable();
        return await LockNextAsync(
            _activitySignal,
            () => _database.ReadAsync(sql => TryLockActivity(sql, Now), cancellationToken),
            Unlock,
            receiveTimeout,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the activity message and enqueues its result in one transaction, then unlocks it.</summary>
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(responseMessage);
        var id = MessageId(workItem);
        var now = Now;
        try
        {
            var enqueued = await _database.WriteAsync(sql =>
            {
                // Gone when its instance was purged meanwhile: then there is no one to tell.
                if (sql.Execute("DELETE FROM activity_queue WHERE id = $id;", ("$id", id)) == 0)
                {
                    return false;
                }

                EnqueueOrchestrationMessage(sql, responseMessage, now);
                return true;
            }).ConfigureAwait(false);
            if (enqueued)
            {
                _orchestrationSignal.Set();
            }
        }
        finally
        {
            Unlock(workItem);
        }
    }

    /// <summary>Makes the message visible again after <see cref="SqliteOrchestrationServiceOptions.AbandonDelay"/> and unlocks it.</summary>
    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var id = MessageId(workItem);
        try
        {
            var visibleAt = InstanceRows.Ticks(Now + _options.AbandonDelay);
            await _database.WriteAsync(sql => sql.Execute("UPDATE activity_queue SET visible_at = $at WHERE id = $id;", ("$at", visibleAt), ("$id", id)))
                .ConfigureAwait(false);
            Log.ActivityAbandoned(_logger, id, workItem.TaskMessage?.OrchestrationInstance?.InstanceId, _options.AbandonDelay);
        }
        finally
        {
            Unlock(workItem);
        }
    }

    /// <summary>Extends the lease reported to the engine; the in-memory lock itself lasts until completion.</summary>
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        workItem.LockedUntilUtc = Now + _options.LockTimeout;
        return Task.FromResult(workItem);
    }

    private static long MessageId(TaskActivityWorkItem workItem) =>
        long.TryParse(workItem.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ArgumentException($"The work item was not created by {nameof(SqliteOrchestrationService)}.", nameof(workItem));

    private (TaskActivityWorkItem? WorkItem, DateTime? DueAt) TryLockActivity(SqliteSession sql, DateTime now)
    {
        int locked;
        lock (_locks)
        {
            locked = _lockedActivities.Count;
        }

        var candidates = sql.Query(
            "SELECT id, message FROM activity_queue WHERE visible_at <= $now ORDER BY id LIMIT $limit;",
            row => (Id: row.GetInt64(0), Message: row.GetString(1)),
            ("$now", InstanceRows.Ticks(now)),
            ("$limit", locked + 1));
        foreach (var (id, message) in candidates)
        {
            lock (_locks)
            {
                if (_lockedActivities.ContainsKey(id))
                {
                    continue;
                }
            }

            var workItem = new TaskActivityWorkItem
            {
                Id = id.ToString(CultureInfo.InvariantCulture),
                TaskMessage = CoreJson.Deserialize<TaskMessage>(message),
                LockedUntilUtc = now + _options.LockTimeout,
            };
            lock (_locks)
            {
                if (_lockedActivities.TryAdd(id, workItem))
                {
                    return (workItem, null);
                }
            }
        }

        var next = sql.Scalar("SELECT MIN(visible_at) FROM activity_queue WHERE visible_at > $now;", ("$now", InstanceRows.Ticks(now)));
        return (null, next is long ticks ? InstanceRows.Time(ticks) : null);
    }

    private void Unlock(TaskActivityWorkItem workItem)
    {
        var id = MessageId(workItem);
        bool released;
        lock (_locks)
        {
            released = _lockedActivities.TryGetValue(id, out var holder) && ReferenceEquals(holder, workItem) && _lockedActivities.Remove(id);
        }

        if (released)
        {
            _activitySignal.Set();
        }
    }
}
