namespace BetterTogether.Workflow.Orchestration;

/// <summary>An instance's status (the fields of Durable's status JSON).</summary>
/// <param name="Name">The orchestration name.</param>
/// <param name="InstanceId">The instance id.</param>
/// <param name="RuntimeStatus">The runtime status.</param>
/// <param name="CreatedAt">When the instance was started.</param>
/// <param name="LastUpdatedAt">When its status last changed.</param>
public sealed record OrchestrationMetadata(
    string Name,
    string InstanceId,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt)
{
    /// <summary>The input as JSON, or null.</summary>
    public string? SerializedInput { get; init; }

    /// <summary>The output as JSON, or null.</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>The custom status as JSON, or null.</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Why the instance failed, when it did.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>True when the instance is running, pending or suspended.</summary>
    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;

    /// <summary>True when the instance completed, failed or was terminated.</summary>
    public bool IsCompleted => !IsRunning;

    /// <summary>Deserializes the input.</summary>
    public T? ReadInputAs<T>() => WorkflowJson.Deserialize<T>(SerializedInput);

    /// <summary>Deserializes the output.</summary>
    public T? ReadOutputAs<T>() => WorkflowJson.Deserialize<T>(SerializedOutput);

    /// <summary>Deserializes the custom status.</summary>
    public T? ReadCustomStatusAs<T>() => WorkflowJson.Deserialize<T>(SerializedCustomStatus);
}
