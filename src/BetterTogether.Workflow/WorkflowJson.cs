using System.Text.Json;

namespace BetterTogether.Workflow;

/// <summary>The one JSON convention of inputs, outputs, events and custom statuses (web defaults: camelCase).</summary>
public static class WorkflowJson
{
    /// <summary>The serializer options every runtime (embedded, Durable Functions) uses for payloads.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Serializes a payload (null stays null).</summary>
    public static string? Serialize(object? value)
        => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    /// <summary>Deserializes a payload (null gives the default).</summary>
    public static T? Deserialize<T>(string? json)
        => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>Deserializes a payload of a runtime type (null gives the type's default).</summary>
    public static object? Deserialize(string? json, Type type)
        => json is null ? (type.IsValueType ? Activator.CreateInstance(type) : null) : JsonSerializer.Deserialize(json, type, Options);
}
