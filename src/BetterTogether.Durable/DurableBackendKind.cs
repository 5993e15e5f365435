namespace BetterTogether.Durable;

/// <summary>Where the Durable Task engine keeps its instances, history and queues.</summary>
public enum DurableBackendKind
{
    /// <summary>One SQLite file on the local disk, owned by one process at a time (<see cref="Sqlite.SqliteOrchestrationService"/>).</summary>
    Embedded = 0,

    /// <summary>Azure Storage queues, tables and blobs (or Azurite), as Durable Functions uses by default.</summary>
    AzureStorage = 1,
}
