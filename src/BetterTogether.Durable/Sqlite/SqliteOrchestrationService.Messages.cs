using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;

namespace BetterTogether.Durable.Sqlite;

/// <summary>Enqueueing: the one place messages enter the queues, from clients and from completing work items alike.</summary>
public sealed partial class SqliteOrchestrationService
{
    private static void EnqueueActivity(SqliteSession sql, TaskMessage message, DateTime now) =>
        sql.Execute(
            "INSERT INTO activity_queue (instance_id, visible_at, message) VALUES ($id, $at, $message);",
            ("$id", message.OrchestrationInstance.InstanceId),
            ("$at", InstanceRows.Ticks(now)),
            ("$message", CoreJson.Serialize(message)));

    /// <summary>
    /// Enqueues a message to an orchestration: a start begins a new run (see <see cref="StartInstance"/>), a timer
    /// becomes visible at its fire time, anything else at once, but never before the instance's own delayed start.
    /// </summary>
    private void EnqueueOrchestrationMessage(SqliteSession sql, TaskMessage message, DateTime now)
    {
        if (message.Event is ExecutionStartedEvent start)
        {
            StartInstance(sql, message, start, dedupeStatuses: null, rejectUnfinished: false, now);
            return;
        }

        var visibleAt = message.Event is TimerFiredEvent timer && timer.FireAt > now ? timer.FireAt : now;
        sql.Execute(
            """
            INSERT INTO orchestration_queue (instance_id, execution_id, event_type, visible_at, message)
            VALUES ($id, $execution, $type,
                    MAX($at, COALESCE((SELECT MAX(visible_at) FROM orchestration_queue WHERE instance_id = $id AND event_type = 'ExecutionStarted'), 0)),
                    $message);
            """,
            ("$id", message.OrchestrationInstance.InstanceId),
            ("$execution", message.OrchestrationInstance.ExecutionId),
            ("$type", message.Event.EventType.ToString()),
            ("$at", InstanceRows.Ticks(visibleAt)),
            ("$message", CoreJson.Serialize(message)));
    }

    /// <summary>
    /// Starts a run on an instance id in the caller's transaction. A finished instance (completed, failed, terminated)
    /// is replaced: its history and leftover messages are deleted with the new start. An unfinished one is rejected for
    /// clients (<paramref name="rejectUnfinished"/>); for a sub-orchestration start the message is enqueued and the
    /// engine drops it as a duplicate start.
    /// </summary>
    private void StartInstance(
        SqliteSession sql, TaskMessage message, ExecutionStartedEvent start, OrchestrationStatus[]? dedupeStatuses, bool rejectUnfinished, DateTime now)
    {
        var instance = message.OrchestrationInstance;
        ArgumentException.ThrowIfNullOrEmpty(instance?.InstanceId, nameof(message));
        ArgumentException.ThrowIfNullOrEmpty(instance.ExecutionId, nameof(message));
        var existing = sql.Scalar("SELECT status FROM instances WHERE instance_id = $id;", ("$id", instance.InstanceId)) is string text
            ? InstanceRows.Status(text)
            : (OrchestrationStatus?)null;
        if (existing is { } status)
        {
            var finished = InstanceRows.IsFinished(status);
            if ((!finished && rejectUnfinished) || dedupeStatuses?.Contains(status) == true)
            {
                throw new OrchestrationAlreadyExistsException(
                    $"An orchestration with instance ID '{instance.InstanceId}' already exists with status {status}; wait for it to finish, or terminate it, before starting that ID again.");
            }

            if (finished)
            {
                sql.Execute("DELETE FROM history WHERE instance_id = $id; DELETE FROM orchestration_queue WHERE instance_id = $id;", ("$id", instance.InstanceId));
                Log.InstanceReplaced(_logger, instance.InstanceId, status);
            }
            else
            {
                Log.DuplicateStartEnqueued(_logger, instance.InstanceId, status);
            }
        }

        if (existing is null || InstanceRows.IsFinished(existing.Value))
        {
            InstanceRows.WritePending(sql, instance, start, now);
        }

        var visibleAt = start.ScheduledStartTime is { } at && at > now ? at : now;
        sql.Execute(
            "INSERT INTO orchestration_queue (instance_id, execution_id, event_type, visible_at, message) VALUES ($id, $execution, $type, $at, $message);",
            ("$id", instance.InstanceId),
            ("$execution", instance.ExecutionId),
            ("$type", nameof(EventType.ExecutionStarted)),
            ("$at", InstanceRows.Ticks(visibleAt)),
            ("$message", CoreJson.Serialize(message)));
    }
}
