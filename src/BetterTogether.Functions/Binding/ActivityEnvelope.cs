using System.Text.Json;
using System.Text.Json.Serialization;

namespace BetterTogether.Functions.Binding;

/// <summary>The input of the one Durable activity function: which of our activities to run, for which instance, with what.</summary>
/// <param name="Name">The activity's registered name.</param>
/// <param name="InstanceId">The orchestration instance that scheduled it.</param>
/// <param name="TaskId">The call's sequence number in the orchestration (deterministic across replays).</param>
/// <param name="Input">Its input as JSON (null when none).</param>
public sealed record ActivityEnvelope(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("instanceId")] string InstanceId,
    [property: JsonPropertyName("taskId")] int TaskId,
    [property: JsonPropertyName("input")] JsonElement? Input);
