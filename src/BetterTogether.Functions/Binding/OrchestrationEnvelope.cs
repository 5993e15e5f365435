using System.Text.Json;
using System.Text.Json.Serialization;

namespace BetterTogether.Functions.Binding;

/// <summary>
/// The input of the one Durable orchestrator function: which of our orchestrators to run and its JSON input.
/// One generic function keeps this project free of per-orchestration code.
/// </summary>
/// <param name="Name">The orchestrator's registered name (<see cref="Workflow.Orchestration.WorkflowRegistry"/> name).</param>
/// <param name="Input">Its input as JSON (null when none).</param>
public sealed record OrchestrationEnvelope(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("input")] JsonElement? Input);
