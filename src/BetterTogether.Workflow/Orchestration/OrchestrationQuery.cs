namespace BetterTogether.Workflow.Orchestration;

/// <summary>Filters of an instance listing; every set filter must match.</summary>
public sealed record OrchestrationQuery
{
    /// <summary>Only instances with one of these statuses; null or empty for any.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    /// <summary>Only instances created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only instances created before this time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Only instances whose id starts with this prefix.</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>Whether to read inputs, outputs and custom statuses.</summary>
    public bool FetchInputsAndOutputs { get; init; } = true;

    /// <summary>True when <paramref name="metadata"/> passes the filters.</summary>
    public bool Matches(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return (Statuses is null || Statuses.Count == 0 || Statuses.Contains(metadata.RuntimeStatus))
            && (CreatedFrom is null || metadata.CreatedAt >= CreatedFrom)
            && (CreatedTo is null || metadata.CreatedAt < CreatedTo)
            && (InstanceIdPrefix is null || metadata.InstanceId.StartsWith(InstanceIdPrefix, StringComparison.Ordinal));
    }
}
