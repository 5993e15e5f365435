using System.Text.Json;
using System.Text.Json.Serialization;

namespace BetterTogether.Core.Examples;

/// <summary>Writes a <see cref="Prediction"/> as a plain JSON object of its fields.</summary>
internal sealed class PredictionJsonConverter : JsonConverter<Prediction>
{
    public override Prediction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A prediction must be a JSON object of string fields.");
        }

        return new Prediction(document.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? string.Empty)));
    }

    public override void Write(Utf8JsonWriter writer, Prediction value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, field) in value)
        {
            writer.WriteString(key, field);
        }

        writer.WriteEndObject();
    }
}
