namespace BetterTogether.Workflow.Embedded;

/// <summary>Settings of <see cref="EmbeddedOrchestrationRuntime"/>.</summary>
public sealed class EmbeddedRuntimeOptions
{
    /// <summary>How many activities run at once across all instances (default: processor count).</summary>
    public int MaxConcurrentActivities { get; init; } = Environment.ProcessorCount;

    /// <summary>Folder of per-run artifacts; an instance's journal lives under <c>{RunsPrefix}/{instanceId}/history/</c>.</summary>
    public string RunsPrefix { get; init; } = "runs";

    /// <summary>Folder of instance status documents (<c>{InstancesPrefix}/{instanceId}.json</c>).</summary>
    public string InstancesPrefix { get; init; } = "workflow/instances";

    /// <summary>How often <c>WaitForInstanceCompletionAsync</c> re-reads the status of an instance run by another host.</summary>
    public TimeSpan StatusPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is invalid.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentActivities, 1, nameof(MaxConcurrentActivities));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StatusPollInterval, TimeSpan.Zero, nameof(StatusPollInterval));
        ValidatePrefix(RunsPrefix, nameof(RunsPrefix));
        ValidatePrefix(InstancesPrefix, nameof(InstancesPrefix));
    }

    private static void ValidatePrefix(string prefix, string name)
    {
        if (string.IsNullOrWhiteSpace(prefix) || prefix.StartsWith('/') || prefix.EndsWith('/') || prefix.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentOutOfRangeException(name, prefix, "A prefix must be a non-empty relative path without leading or trailing '/' and without '..'.");
        }
    }
}
