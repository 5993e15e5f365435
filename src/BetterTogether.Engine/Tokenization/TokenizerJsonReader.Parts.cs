using System.Text.Json;

namespace BetterTogether.Engine.Tokenization;

/// <summary>Post-processor, decoder and JSON helpers of the reader.</summary>
internal sealed partial class TokenizerJsonReader
{
    private TokenizerPostProcessor ReadPostProcessor(JsonElement e, string path, Dictionary<string, int> vocab, List<AddedToken> added)
    {
        var type = OptionalString(e, "type") ?? throw Fault($"{path}.type is missing");
        switch (type)
        {
            case "ByteLevel":
                return TokenizerPostProcessor.None;
            case "Sequence":
                var result = TokenizerPostProcessor.None;
                var i = 0;
                foreach (var item in Required(e, "processors", path + ".processors").EnumerateArray())
                {
                    result = result.Then(ReadPostProcessor(item, $"{path}.processors[{i++}]", vocab, added));
                }

                return result;
            case "BertProcessing":
            case "RobertaProcessing":
                return new TokenizerPostProcessor([TokenPairId(e, "cls", path)], [TokenPairId(e, "sep", path)]);
            case "TemplateProcessing":
                return ReadTemplate(e, path, vocab, added);
            default:
                throw Fault($"{path}.type '{type}' is not a supported post-processor (TemplateProcessing, ByteLevel, Bert/RobertaProcessing, Sequence)");
        }
    }

    private TokenizerPostProcessor ReadTemplate(JsonElement e, string path, Dictionary<string, int> vocab, List<AddedToken> added)
    {
        var specials = new Dictionary<string, int[]>(StringComparer.Ordinal);
        if (e.TryGetProperty("special_tokens", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.TryGetProperty("ids", out var ids) && ids.ValueKind == JsonValueKind.Array)
                {
                    specials[entry.Name] = [.. ids.EnumerateArray().Select(x => x.GetInt32())];
                }
            }
        }

        var prefix = new List<int>();
        var suffix = new List<int>();
        var seenSequence = false;
        var index = 0;
        foreach (var item in Required(e, "single", path + ".single").EnumerateArray())
        {
            var itemPath = $"{path}.single[{index++}]";
            if (item.TryGetProperty("Sequence", out _))
            {
                seenSequence = true;
                continue;
            }

            if (!item.TryGetProperty("SpecialToken", out var special))
            {
                throw Fault($"{itemPath} is neither a Sequence nor a SpecialToken");
            }

            var name = OptionalString(special, "id") ?? throw Fault($"{itemPath}.SpecialToken.id is missing");
            var ids = specials.TryGetValue(name, out var found) ? found
                : added.FirstOrDefault(t => t.Content == name) is { } token ? [token.Id]
                : vocab.TryGetValue(name, out var vocabId) ? [vocabId]
                : throw Fault($"{itemPath} names special token '{name}', which has no id");
            (seenSequence ? suffix : prefix).AddRange(ids);
        }

        return new TokenizerPostProcessor([.. prefix], [.. suffix]);
    }

    private int TokenPairId(JsonElement e, string name, string path)
    {
        var pair = Required(e, name, $"{path}.{name}");
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || !pair[1].TryGetInt32(out var id))
        {
            throw Fault($"{path}.{name} is not [token, id]");
        }

        return id;
    }

    /// <summary>True for a byte-level decoder; false for none of the steps that change bytes.</summary>
    private bool ReadDecoder(JsonElement e, string path)
    {
        var type = OptionalString(e, "type") ?? throw Fault($"{path}.type is missing");
        switch (type)
        {
            case "ByteLevel":
                return true;
            case "Sequence":
                var byteLevel = false;
                var i = 0;
                foreach (var item in Required(e, "decoders", path + ".decoders").EnumerateArray())
                {
                    byteLevel |= ReadDecoder(item, $"{path}.decoders[{i++}]");
                }

                return byteLevel;
            default:
                throw Fault($"{path}.type '{type}' is not a supported decoder (ByteLevel, Sequence)");
        }
    }

    private static bool ContainsType(JsonElement e, string type)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (OptionalString(e, "type") == type)
        {
            return true;
        }

        return e.TryGetProperty("pretokenizers", out var items) && items.ValueKind == JsonValueKind.Array
            && items.EnumerateArray().Any(item => ContainsType(item, type));
    }

    private void CheckNullOrEmpty(JsonElement e, string name)
    {
        if (OptionalString(e, name) is { Length: > 0 } value)
        {
            throw Fault($"model.{name} '{value}' is not supported (byte-level BPE uses none)");
        }
    }

    private JsonElement Required(JsonElement e, string name, string path)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Fault($"{path} is missing");
        }

        return value;
    }

    private static string? OptionalString(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool OptionalBool(JsonElement e, string name, bool defaultValue = false) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : defaultValue;

    private TokenizerFormatException Fault(string fault) => new(source, fault, null);
}
