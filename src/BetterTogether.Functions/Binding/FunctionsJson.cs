using System.Text.Json;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Functions.Binding;

/// <summary>Orchestration and activity payloads as JSON elements, in the workflow's one convention (<see cref="WorkflowJson"/>).</summary>
internal static class FunctionsJson
{
    public static JsonSerializerOptions Options => WorkflowJson.Options;

    public static JsonElement? ToElement(object? value) =>
        value is null ? null : JsonSerializer.SerializeToElement(value, value.GetType(), Options);

    public static object? FromElement(JsonElement? element, Type type) =>
        element is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } json
            ? (type.IsValueType ? Activator.CreateInstance(type) : null)
            : json.Deserialize(type, Options);
}
