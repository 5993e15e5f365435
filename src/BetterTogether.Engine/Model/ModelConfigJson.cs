using System.Text.Json;

namespace BetterTogether.Engine.Model;

/// <summary>Maps HF <c>config.json</c> fields onto <see cref="ModelConfig"/>.</summary>
internal static class ModelConfigJson
{
    public static ModelConfig Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        if (r.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException("config is not a JSON object.");
        }

        var modelType = Str(r, "model_type") ?? throw new ModelFormatException("model_type is missing.");
        var hidden = Int(r, "hidden_size") ?? throw Missing("hidden_size");
        var heads = Int(r, "num_attention_heads") ?? throw Missing("num_attention_heads");
        var ropeTheta = Dbl(r, "rope_theta");
        if (r.TryGetProperty("rope_parameters", out var rp) && rp.ValueKind == JsonValueKind.Object)
        {
            ropeTheta ??= Dbl(rp, "rope_theta");
            CheckRopeType(Str(rp, "rope_type"));
        }

        if (r.TryGetProperty("rope_scaling", out var rs) && rs.ValueKind == JsonValueKind.Object)
        {
            CheckRopeType(Str(rs, "rope_type") ?? Str(rs, "type"));
        }

        var attentionBias = Bool(r, "attention_bias") ?? false;
        var qwen = modelType == "qwen2";
        var config = new ModelConfig
        {
            ModelType = modelType,
            HiddenSize = hidden,
            IntermediateSize = Int(r, "intermediate_size") ?? throw Missing("intermediate_size"),
            NumHiddenLayers = Int(r, "num_hidden_layers") ?? throw Missing("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = Int(r, "num_key_value_heads") ?? heads,
            HeadDim = Int(r, "head_dim") ?? (heads > 0 ? hidden / heads : 0),
            RmsNormEps = Dbl(r, "rms_norm_eps") ?? 1e-6,
            RopeTheta = ropeTheta ?? 10000,
            MaxPositionEmbeddings = Int(r, "max_position_embeddings") ?? 2048,
            VocabSize = Int(r, "vocab_size") ?? throw Missing("vocab_size"),
            TieWordEmbeddings = Bool(r, "tie_word_embeddings") ?? false,
            QkvBias = qwen || attentionBias,
            OutputBias = !qwen && attentionBias,
            MlpBias = !qwen && (Bool(r, "mlp_bias") ?? false),
            BosTokenId = Int(r, "bos_token_id"),
            EosTokenIds = Ids(r, "eos_token_id"),
        };
        if ((Str(r, "hidden_act") ?? "silu") != "silu")
        {
            throw new ModelFormatException($"hidden_act '{Str(r, "hidden_act")}' is not supported (silu).");
        }

        config.Validate();
        return config;
    }

    private static void CheckRopeType(string? type)
    {
        if (type is not (null or "default"))
        {
            throw new ModelFormatException($"rope scaling type '{type}' is not supported (default only).");
        }
    }

    private static ModelFormatException Missing(string name) => new($"{name} is missing.");

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static double? Dbl(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static bool? Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    private static int[] Ids(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return [];
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => [v.GetInt32()],
            JsonValueKind.Array => v.EnumerateArray().Select(x => x.GetInt32()).ToArray(),
            _ => [],
        };
    }
}
