namespace BetterTogether.Durable.Sqlite;

/// <summary>Settings of <see cref="SqliteOrchestrationService"/>.</summary>
public sealed class SqliteOrchestrationServiceOptions
{
    /// <summary>The SQLite file; created (with its folder) when missing, unless <see cref="ReadOnly"/>.</summary>
    public string DatabasePath { get; set; } = DurableBackendOptions.DefaultEmbeddedDatabasePath;

    /// <summary>
    /// Opens the file for reading only, without the owner lock, so that a process that does not run the worker can list
    /// and read instances while the owner runs them. Every write (start, event, terminate, purge, work items) throws.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>The lock lease reported to the engine on a work item, which the engine renews while it works. Default: 30 s.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest an idle fetch waits before querying the queues again when nothing woke it. Default: 1 s.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an abandoned work item's messages stay invisible before they are handed out again. Default: 1 s.</summary>
    public TimeSpan AbandonDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many activities run at once. Default: 2.</summary>
    public int MaxConcurrentActivityWorkItems { get; set; } = 2;

    /// <summary>How many orchestration work items run at once. Default: 10.</summary>
    public int MaxConcurrentOrchestrationWorkItems { get; set; } = 10;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new ArgumentException($"{nameof(DatabasePath)} is required.", nameof(DatabasePath));
        }

        foreach (var (value, name) in new[] { (LockTimeout, nameof(LockTimeout)), (MaxPollingInterval, nameof(MaxPollingInterval)) })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentException($"{name} must be positive, was {value}.", name);
            }
        }

        if (AbandonDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(AbandonDelay)} must not be negative, was {AbandonDelay}.", nameof(AbandonDelay));
        }

        if (MaxConcurrentActivityWorkItems < 1 || MaxConcurrentOrchestrationWorkItems < 1)
        {
            var name = MaxConcurrentActivityWorkItems < 1 ? nameof(MaxConcurrentActivityWorkItems) : nameof(MaxConcurrentOrchestrationWorkItems);
            throw new ArgumentException($"{name} must be at least 1.", name);
        }
    }
}
