using System.Text.Json;

namespace BetterTogether.Functions.Binding;

/// <summary>JSON settings for orchestration and activity payloads: web defaults, as the embedded runtime uses.</summary>
internal static class FunctionsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static JsonElement? ToElement(object? value) =>
        value is null ? null : JsonSerializer.SerializeToElement(value, value.GetType(), Options);

    public static object? FromElement(JsonElement? element, Type type) =>
        element is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } json
            ? (type.IsValueType ? Activator.CreateInstance(type) : null)
            : json.Deserialize(type, Options);
}
