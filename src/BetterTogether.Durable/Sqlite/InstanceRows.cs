using DurableTask.Core;
using Microsoft.Data.Sqlite;

namespace BetterTogether.Durable.Sqlite;

/// <summary>Reads and writes rows of the instances table, and the time and status conventions of all tables.</summary>
internal static class InstanceRows
{
    public const string Columns =
        "instance_id, execution_id, name, version, status, input, output, custom_status, failure, tags, created_at, last_updated_at, completed_at, scheduled_start_at";

    public static long Ticks(DateTime time) => (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).Ticks;

    public static DateTime Time(long ticks) => new(ticks, DateTimeKind.Utc);

    public static bool IsFinished(OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    public static OrchestrationStatus Status(string text) => Enum.Parse<OrchestrationStatus>(text);

    /// <summary>Maps a row selected with <see cref="Columns"/>.</summary>
    public static OrchestrationState Read(SqliteDataReader row, bool includeInputsAndOutputs) => new()
    {
        OrchestrationInstance = new OrchestrationInstance { InstanceId = row.GetString(0), ExecutionId = row.GetString(1) },
        Name = row.GetString(2),
        Version = Text(row, 3),
        OrchestrationStatus = Status(row.GetString(4)),
        Input = includeInputsAndOutputs ? Text(row, 5) : null,
        Output = includeInputsAndOutputs ? Text(row, 6) : null,
        Status = Text(row, 7),
        FailureDetails = Text(row, 8) is { } failure ? CoreJson.Deserialize<FailureDetails>(failure) : null,
        Tags = Text(row, 9) is { } tags ? CoreJson.Deserialize<Dictionary<string, string>>(tags) : null,
        CreatedTime = Time(row.GetInt64(10)),
        LastUpdatedTime = Time(row.GetInt64(11)),
        CompletedTime = row.IsDBNull(12) ? DateTime.MinValue : Time(row.GetInt64(12)),
        ScheduledStartTime = row.IsDBNull(13) ? null : Time(row.GetInt64(13)),
    };

    /// <summary>A new run on an instance id: pending, nothing from an earlier run kept but the row itself.</summary>
    public static void WritePending(SqliteSession sql, OrchestrationInstance instance, DurableTask.Core.History.ExecutionStartedEvent start, DateTime now) =>
        sql.Execute(
            """
            INSERT INTO instances (instance_id, execution_id, name, version, status, input, tags, created_at, last_updated_at, scheduled_start_at)
            VALUES ($id, $execution, $name, $version, $status, $input, $tags, $now, $now, $start)
            ON CONFLICT (instance_id) DO UPDATE SET
                execution_id = excluded.execution_id, name = excluded.name, version = excluded.version, status = excluded.status,
                input = excluded.input, output = NULL, custom_status = NULL, failure = NULL, tags = excluded.tags,
                created_at = excluded.created_at, last_updated_at = excluded.last_updated_at, completed_at = NULL,
                scheduled_start_at = excluded.scheduled_start_at;
            """,
            ("$id", instance.InstanceId),
            ("$execution", instance.ExecutionId),
            ("$name", start.Name),
            ("$version", start.Version),
            ("$status", nameof(OrchestrationStatus.Pending)),
            ("$input", start.Input),
            ("$tags", start.Tags is null ? null : CoreJson.Serialize(start.Tags)),
            ("$now", Ticks(now)),
            ("$start", start.ScheduledStartTime is { } at ? Ticks(at) : null));

    /// <summary>The state the engine reports after a work item; the creation time of the run is kept.</summary>
    public static void WriteState(SqliteSession sql, OrchestrationState state, string executionId, DateTime now) =>
        sql.Execute(
            """
            INSERT INTO instances (instance_id, execution_id, name, version, status, input, output, custom_status, failure, tags, created_at, last_updated_at, completed_at)
            VALUES ($id, $execution, $name, $version, $status, $input, $output, $custom, $failure, $tags, $now, $now, $completed)
            ON CONFLICT (instance_id) DO UPDATE SET
                execution_id = excluded.execution_id, name = excluded.name, version = excluded.version, status = excluded.status,
                input = excluded.input, output = excluded.output, custom_status = excluded.custom_status, failure = excluded.failure,
                tags = excluded.tags, last_updated_at = excluded.last_updated_at, completed_at = excluded.completed_at;
            """,
            ("$id", state.OrchestrationInstance.InstanceId),
            ("$execution", executionId),
            ("$name", state.Name),
            ("$version", state.Version),
            ("$status", state.OrchestrationStatus.ToString()),
            ("$input", state.Input),
            ("$output", state.Output),
            ("$custom", state.Status),
            ("$failure", state.FailureDetails is null ? null : CoreJson.Serialize(state.FailureDetails)),
            ("$tags", state.Tags is null ? null : CoreJson.Serialize(state.Tags)),
            ("$now", Ticks(now)),
            ("$completed", IsFinished(state.OrchestrationStatus) ? Ticks(now) : null));

    private static string? Text(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
