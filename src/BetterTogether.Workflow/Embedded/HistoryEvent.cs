using System.Text.Json.Serialization;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Embedded;

/// <summary>One journal record: a flat event whose fields are set according to <see cref="Type"/>.</summary>
internal sealed record HistoryEvent(
    [property: JsonConverter(typeof(JsonStringEnumConverter<HistoryEventType>))] HistoryEventType Type,
    DateTimeOffset Timestamp)
{
    /// <summary>The task or timer id (TaskScheduled/Completed/Failed, TimerCreated/Fired).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TaskId { get; init; }

    /// <summary>The orchestration, activity or event name.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    /// <summary>Input, result, event payload or output (JSON).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Data { get; init; }

    /// <summary>The last custom status (JSON) when the execution finished or continued.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CustomStatus { get; init; }

    /// <summary>When a timer fires.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? FireAt { get; init; }

    /// <summary>Why a task or the execution failed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TaskFailureDetails? Failure { get; init; }

    /// <summary>A suspend/resume/terminate reason.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}
