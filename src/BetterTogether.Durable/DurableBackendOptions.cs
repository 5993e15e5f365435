using System.Globalization;

namespace BetterTogether.Durable;

/// <summary>
/// The Durable backend and its settings, one object for both backends. The timeouts default to values that recover
/// from a crashed local process in seconds (30 s visibility, 1 s polling) where Azure's defaults take minutes
/// (5 min visibility, 30 s polling); raise them for a long-lived deployment on real Azure Storage.
/// </summary>
public sealed class DurableBackendOptions
{
    /// <summary>The task hub name used when none is set.</summary>
    public const string DefaultTaskHubName = "bettertogether";

    /// <summary>The SQLite file used when none is set, relative to the current directory.</summary>
    public const string DefaultEmbeddedDatabasePath = ".bt/durable/durable.db";

    /// <summary>Which backend stores the orchestrations. Default: <see cref="DurableBackendKind.Embedded"/>.</summary>
    public DurableBackendKind Backend { get; set; } = DurableBackendKind.Embedded;

    /// <summary>The SQLite file of the embedded backend; its folder is created when missing.</summary>
    public string EmbeddedDatabasePath { get; set; } = DefaultEmbeddedDatabasePath;

    /// <summary>The storage connection string of the Azure Storage backend (a real account or Azurite).</summary>
    public string? AzureStorageConnectionString { get; set; }

    /// <summary>
    /// The task hub: workers and clients with the same name on one storage account share orchestrations. Azure's rules
    /// apply: 3 to 45 letters or digits, starting with a letter.
    /// </summary>
    public string TaskHubName { get; set; } = DefaultTaskHubName;

    /// <summary>This process's worker id in the task hub; null means machine name and process id. Must be unique per process.</summary>
    public string? WorkerId { get; set; }

    /// <summary>
    /// How long a dequeued activity message stays invisible to other workers before it is handed out again when its
    /// worker stops renewing it (crashed). Azure's default is 5 minutes; the embedded backend uses it as the lock lease
    /// it reports to the engine, which renews it while the activity runs.
    /// </summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The same for orchestration (control queue) messages; Azure Storage only. Azure's default is 5 minutes.</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest wait between two polls of an idle queue. Azure's default is 30 s; the embedded backend is woken at once by
    /// messages enqueued in its own process and at a timer's due time, and polls at this interval only as a fallback.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The number of control-queue partitions (1 to 16); Azure Storage only.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>How many activities this process runs at once. Default: 2.</summary>
    public int MaxConcurrentActivities { get; set; } = 2;

    /// <summary>How many orchestration work items (replays) this process runs at once. Default: 10.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 10;

    /// <summary>The worker id to use: <see cref="WorkerId"/>, or machine name and process id when it is null.</summary>
    public string ResolveWorkerId() =>
        WorkerId ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}");

    /// <summary>Checks every option for the selected backend.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message and <see cref="ArgumentException.ParamName"/> name it.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Backend))
        {
            throw new ArgumentException($"{nameof(Backend)} '{Backend}' is not a known backend (Embedded or AzureStorage).", nameof(Backend));
        }

        if (Backend == DurableBackendKind.Embedded && string.IsNullOrWhiteSpace(EmbeddedDatabasePath))
        {
            throw new ArgumentException($"{nameof(EmbeddedDatabasePath)} is required for the Embedded backend.", nameof(EmbeddedDatabasePath));
        }

        if (Backend == DurableBackendKind.AzureStorage && string.IsNullOrWhiteSpace(AzureStorageConnectionString))
        {
            throw new ArgumentException($"{nameof(AzureStorageConnectionString)} is required for the AzureStorage backend.", nameof(AzureStorageConnectionString));
        }

        TaskHubNames.Validate(TaskHubName, nameof(TaskHubName));
        if (WorkerId is not null && string.IsNullOrWhiteSpace(WorkerId))
        {
            throw new ArgumentException($"{nameof(WorkerId)} must be null (machine name and process id) or non-blank.", nameof(WorkerId));
        }

        RequirePositive(WorkItemVisibilityTimeout, nameof(WorkItemVisibilityTimeout));
        RequirePositive(ControlQueueVisibilityTimeout, nameof(ControlQueueVisibilityTimeout));
        RequirePositive(MaxQueuePollingInterval, nameof(MaxQueuePollingInterval));
        if (PartitionCount is < 1 or > 16)
        {
            throw new ArgumentException($"{nameof(PartitionCount)} must be between 1 and 16, was {PartitionCount}.", nameof(PartitionCount));
        }

        if (MaxConcurrentActivities < 1)
        {
            throw new ArgumentException($"{nameof(MaxConcurrentActivities)} must be at least 1, was {MaxConcurrentActivities}.", nameof(MaxConcurrentActivities));
        }

        if (MaxConcurrentOrchestrations < 1)
        {
            throw new ArgumentException($"{nameof(MaxConcurrentOrchestrations)} must be at least 1, was {MaxConcurrentOrchestrations}.", nameof(MaxConcurrentOrchestrations));
        }
    }

    /// <summary>A copy, so that later changes to this object are not seen by a registered backend.</summary>
    internal DurableBackendOptions Clone() => (DurableBackendOptions)MemberwiseClone();

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive, was {value}.", name);
        }
    }
}
