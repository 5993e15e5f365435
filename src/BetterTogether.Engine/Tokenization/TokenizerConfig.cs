using System.Text.Json;

namespace BetterTogether.Engine.Tokenization;

/// <summary>The parts of Hugging Face <c>tokenizer_config.json</c> the engine uses: special token names and the chat template.</summary>
public sealed class TokenizerConfig
{
    /// <summary>The file (or name) this configuration was read from.</summary>
    public required string Source { get; init; }

    /// <summary>The beginning-of-sequence token text (e.g. <c>&lt;|begin_of_text|&gt;</c>), if any.</summary>
    public string? BosToken { get; init; }

    /// <summary>The end-of-sequence token text (e.g. <c>&lt;|im_end|&gt;</c>), if any.</summary>
    public string? EosToken { get; init; }

    /// <summary>The padding token text, if any.</summary>
    public string? PadToken { get; init; }

    /// <summary>The unknown token text, if any.</summary>
    public string? UnkToken { get; init; }

    /// <summary>The Jinja chat template (the one named <c>default</c> when several are listed), if any.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary><c>add_bos_token</c>, when the file sets it.</summary>
    public bool? AddBosToken { get; init; }

    /// <summary><c>add_eos_token</c>, when the file sets it.</summary>
    public bool? AddEosToken { get; init; }

    /// <summary><c>model_max_length</c>, when the file sets it.</summary>
    public long? ModelMaxLength { get; init; }

    /// <summary>Reads a <c>tokenizer_config.json</c> file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TokenizerFormatException">The file is not valid JSON or a field has the wrong type.</exception>
    public static TokenizerConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads <c>tokenizer_config.json</c> text.</summary>
    /// <exception cref="TokenizerFormatException">The text is not valid JSON or a field has the wrong type.</exception>
    public static TokenizerConfig Parse(string json, string sourceName = "tokenizer_config.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TokenizerFormatException(sourceName, "the root is not a JSON object", null);
            }

            return new TokenizerConfig
            {
                Source = sourceName,
                BosToken = TokenText(root, "bos_token", sourceName),
                EosToken = TokenText(root, "eos_token", sourceName),
                PadToken = TokenText(root, "pad_token", sourceName),
                UnkToken = TokenText(root, "unk_token", sourceName),
                ChatTemplate = Template(root, sourceName),
                AddBosToken = Bool(root, "add_bos_token"),
                AddEosToken = Bool(root, "add_eos_token"),
                ModelMaxLength = root.TryGetProperty("model_max_length", out var max) && max.ValueKind == JsonValueKind.Number
                    ? (max.TryGetInt64(out var l) ? l : long.MaxValue)
                    : null,
            };
        }
        catch (JsonException ex)
        {
            throw new TokenizerFormatException(sourceName, $"not valid JSON ({ex.Message})", ex);
        }
    }

    private static string? TokenText(JsonElement root, string name, string source)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // Either "<s>" or an AddedToken object {"content": "<s>", ...}.
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
            _ => throw new TokenizerFormatException(source, $"{name} is neither a string nor an object with 'content'", null),
        };
    }

    private static string? Template(JsonElement root, string source)
    {
        if (!root.TryGetProperty("chat_template", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            // A list of named templates: [{"name": "default", "template": "..."}, {"name": "tool_use", ...}].
            foreach (var item in value.EnumerateArray())
            {
                if (item.TryGetProperty("name", out var n) && n.GetString() == "default" && item.TryGetProperty("template", out var t))
                {
                    return t.GetString();
                }
            }

            throw new TokenizerFormatException(source, "chat_template is a list without a template named 'default'", null);
        }

        throw new TokenizerFormatException(source, "chat_template is neither a string nor a list of named templates", null);
    }

    private static bool? Bool(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
}
