using BetterTogether.Durable.Sqlite;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BetterTogether.Durable;

/// <summary>Creates the backend selected by <see cref="DurableBackendOptions"/>.</summary>
public static class DurableBackend
{
    /// <summary>
    /// Creates the orchestration service of the selected backend. It also implements <see cref="IOrchestrationServiceClient"/>,
    /// <c>IOrchestrationServiceQueryClient</c> and <see cref="IOrchestrationServicePurgeClient"/>; dispose it when done.
    /// </summary>
    /// <param name="options">The backend and its settings (validated here).</param>
    /// <param name="loggerFactory">Logs of the backend; none when null.</param>
    /// <returns>A <see cref="SqliteOrchestrationService"/> (owning its database file) or an <see cref="AzureStorageOrchestrationService"/>.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="EmbeddedDatabaseInUseException">Another process owns the embedded database file.</exception>
    public static IOrchestrationService Create(DurableBackendOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Backend switch
        {
            DurableBackendKind.AzureStorage => new AzureStorageOrchestrationService(CreateAzureStorageSettings(options, loggerFactory)),
            _ => new SqliteOrchestrationService(CreateSqliteOptions(options, readOnly: false), loggerFactory),
        };
    }

    /// <summary>
    /// Creates a client-side view of the selected backend for a process that does not run the worker, e.g. to list
    /// instances while another process runs them. The embedded database is opened read-only without taking the owner
    /// lock (so writes throw); Azure Storage needs no owner and is returned as by <see cref="Create"/>.
    /// </summary>
    /// <param name="options">The backend and its settings (validated here).</param>
    /// <param name="loggerFactory">Logs of the backend; none when null.</param>
    /// <returns>The client; dispose it when done.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="FileNotFoundException">The embedded database file does not exist.</exception>
    public static IOrchestrationServiceClient CreateReader(DurableBackendOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Backend switch
        {
            DurableBackendKind.AzureStorage => new AzureStorageOrchestrationService(CreateAzureStorageSettings(options, loggerFactory)),
            _ => new SqliteOrchestrationService(CreateSqliteOptions(options, readOnly: true), loggerFactory),
        };
    }

    /// <summary>The Azure Storage settings for <paramref name="options"/>.</summary>
    /// <param name="options">The backend settings.</param>
    /// <param name="loggerFactory">Logs of the backend; none when null.</param>
    /// <returns>New settings.</returns>
    public static AzureStorageOrchestrationServiceSettings CreateAzureStorageSettings(DurableBackendOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(options.AzureStorageConnectionString!),
            TaskHubName = options.TaskHubName,
            WorkerId = options.ResolveWorkerId(),
            WorkItemQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            PartitionCount = options.PartitionCount,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,

            // A start on an id whose run has not finished must fail loudly, not be dropped silently.
            ThrowExceptionOnInvalidDedupeStatus = true,

            // The app lease keeps two deployments (slots) off one task hub; locally it only makes a restarted process
            // wait for the crashed one's lease to expire.
            UseAppLease = false,
            LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance,
        };
    }

    private static SqliteOrchestrationServiceOptions CreateSqliteOptions(DurableBackendOptions options, bool readOnly) => new()
    {
        DatabasePath = options.EmbeddedDatabasePath,
        ReadOnly = readOnly,
        LockTimeout = options.WorkItemVisibilityTimeout,
        MaxPollingInterval = options.MaxQueuePollingInterval,
        MaxConcurrentActivityWorkItems = options.MaxConcurrentActivities,
        MaxConcurrentOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
    };
}
