using BetterTogether.Durable;
using BetterTogether.Testing.Azurite;

namespace BetterTogether.Workflow.Tests.Optimization;

/// <summary>The backends the orchestration tests run on: an embedded SQLite file in a temp folder, or a task hub on Azurite.</summary>
public abstract class DurableBackends : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bt-durable-").FullName;

    /// <summary>A backend with its own database file (embedded) or task hub (Azure Storage).</summary>
    public abstract DurableBackendOptions Create(int maxConcurrentActivities = 4);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>A new database file path in this fixture's temp folder.</summary>
    protected string NewDatabase() => Path.Combine(_folder, $"{Guid.NewGuid():N}.db");

    /// <summary>SQLite files.</summary>
    public sealed class Embedded : DurableBackends
    {
        public override DurableBackendOptions Create(int maxConcurrentActivities = 4)
            => new() { Backend = DurableBackendKind.Embedded, EmbeddedDatabasePath = NewDatabase(), MaxConcurrentActivities = maxConcurrentActivities };

        /// <summary>The same database again (a restarted host).</summary>
        public static DurableBackendOptions Reopen(DurableBackendOptions options) => new()
        {
            Backend = DurableBackendKind.Embedded,
            EmbeddedDatabasePath = options.EmbeddedDatabasePath,
            MaxConcurrentActivities = options.MaxConcurrentActivities,
        };
    }

    /// <summary>Task hubs on a real Azurite, with short polling and visibility timeouts.</summary>
    public sealed class AzureStorage(AzuriteFixture azurite) : DurableBackends
    {
        public override DurableBackendOptions Create(int maxConcurrentActivities = 4) => new()
        {
            Backend = DurableBackendKind.AzureStorage,
            AzureStorageConnectionString = azurite.ConnectionString,
            TaskHubName = $"bt{Guid.NewGuid():N}"[..20],
            MaxConcurrentActivities = maxConcurrentActivities,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
            WorkItemVisibilityTimeout = TimeSpan.FromSeconds(15),
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(15),
        };
    }
}
