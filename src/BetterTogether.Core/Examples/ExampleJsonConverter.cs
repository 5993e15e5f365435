using System.Text.Json;
using System.Text.Json.Serialization;

namespace BetterTogether.Core.Examples;

/// <summary>Writes an <see cref="Example"/> as <c>{"fields":{…},"inputKeys":[…],"augmented":false}</c> so input keys survive storage.</summary>
internal sealed class ExampleJsonConverter : JsonConverter<Example>
{
    public override Example Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("An example must be an object with a \"fields\" object.");
        }

        var values = fields.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? string.Empty)).ToList();
        var inputKeys = root.TryGetProperty("inputKeys", out var keys) && keys.ValueKind == JsonValueKind.Array
            ? keys.EnumerateArray().Select(k => k.GetString() ?? string.Empty).ToList()
            : [];
        var augmented = root.TryGetProperty("augmented", out var flag) && flag.ValueKind == JsonValueKind.True;
        try
        {
            return new Example(values, inputKeys, augmented);
        }
        catch (ArgumentException e)
        {
            throw new JsonException($"Invalid example: {e.Message}", e);
        }
    }

    public override void Write(Utf8JsonWriter writer, Example value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("fields");
        foreach (var (key, field) in value)
        {
            writer.WriteString(key, field);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("inputKeys");
        foreach (var key in value.InputKeys)
        {
            writer.WriteStringValue(key);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("augmented", value.Augmented);
        writer.WriteEndObject();
    }
}
