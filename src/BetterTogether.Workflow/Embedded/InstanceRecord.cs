using System.Text.Json.Serialization;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Embedded;

/// <summary>The stored status document of one instance (<c>{InstancesPrefix}/{instanceId}.json</c>).</summary>
internal sealed record InstanceRecord(
    string InstanceId,
    string Name,
    [property: JsonConverter(typeof(JsonStringEnumConverter<OrchestrationRuntimeStatus>))] OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt)
{
    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    /// <summary>The current execution's generation (incremented by ContinueAsNew).</summary>
    public int Generation { get; init; }

    public bool IsTerminal => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    public OrchestrationMetadata ToMetadata(bool withData) => new(Name, InstanceId, RuntimeStatus, CreatedAt, LastUpdatedAt)
    {
        SerializedInput = withData ? Input : null,
        SerializedOutput = withData ? Output : null,
        SerializedCustomStatus = withData ? CustomStatus : null,
        FailureDetails = Failure,
    };
}
