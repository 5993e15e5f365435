namespace BetterTogether.Durable.Sqlite;

/// <summary>The tables. Times are UTC <see cref="DateTime.Ticks"/>; statuses and event types are enum names.</summary>
public sealed partial class SqliteOrchestrationService
{
    private const int SchemaVersion = 1;

    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS instances (
            instance_id        TEXT    NOT NULL PRIMARY KEY,
            execution_id       TEXT    NOT NULL,
            name               TEXT    NOT NULL,
            version            TEXT,
            status             TEXT    NOT NULL,
            input              TEXT,
            output             TEXT,
            custom_status      TEXT,
            failure            TEXT,
            tags               TEXT,
            created_at         INTEGER NOT NULL,
            last_updated_at    INTEGER NOT NULL,
            completed_at       INTEGER,
            scheduled_start_at INTEGER
        );
        CREATE INDEX IF NOT EXISTS instances_by_created ON instances (created_at, instance_id);

        -- The current execution's history, in order; DurableTask.Core's JSON with type names, so events round-trip.
        CREATE TABLE IF NOT EXISTS history (
            instance_id  TEXT    NOT NULL,
            sequence     INTEGER NOT NULL,
            execution_id TEXT    NOT NULL,
            event_type   TEXT    NOT NULL,
            event        TEXT    NOT NULL,
            PRIMARY KEY (instance_id, sequence)
        ) WITHOUT ROWID;

        -- Messages to orchestrations (starts, activity results, timers, events, terminate/suspend/resume). A message is
        -- handed out once visible_at has passed (timers and delayed starts) and deleted by the completion that consumed it.
        -- AUTOINCREMENT: ids are never reused, so an in-memory lock on an id cannot outlive its row onto another message.
        CREATE TABLE IF NOT EXISTS orchestration_queue (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id  TEXT    NOT NULL,
            execution_id TEXT,
            event_type   TEXT    NOT NULL,
            visible_at   INTEGER NOT NULL,
            message      TEXT    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS orchestration_queue_by_instance ON orchestration_queue (instance_id, id);
        CREATE INDEX IF NOT EXISTS orchestration_queue_by_visibility ON orchestration_queue (visible_at);

        -- Scheduled activities; a row is deleted in the same transaction that enqueues the activity's result.
        CREATE TABLE IF NOT EXISTS activity_queue (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT    NOT NULL,
            visible_at  INTEGER NOT NULL,
            message     TEXT    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS activity_queue_by_visibility ON activity_queue (visible_at, id);
        """;

    private static void CreateSchema(SqliteSession sql)
    {
        var version = Convert.ToInt32(sql.Scalar("PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException($"The database was created by a newer version (schema {version}; this one knows {SchemaVersion}).");
        }

        sql.Execute(CreateSchemaSql);
        sql.Execute($"PRAGMA user_version = {SchemaVersion};");
    }

    private static void DeleteEverything(SqliteSession sql) =>
        sql.Execute("DELETE FROM instances; DELETE FROM history; DELETE FROM orchestration_queue; DELETE FROM activity_queue;");
}
