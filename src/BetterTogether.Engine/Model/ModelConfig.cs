using System.Text.Json;
using System.Text.Json.Nodes;

namespace BetterTogether.Engine.Model;

/// <summary>
/// The architecture of a Llama-family decoder (Llama, Qwen2), read from and written to HF <c>config.json</c>.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>HF <c>model_type</c>: <c>llama</c> or <c>qwen2</c>.</summary>
    public string ModelType { get; init; } = "llama";

    /// <summary>Residual width.</summary>
    public int HiddenSize { get; init; }

    /// <summary>MLP width.</summary>
    public int IntermediateSize { get; init; }

    /// <summary>Decoder layers.</summary>
    public int NumHiddenLayers { get; init; }

    /// <summary>Query heads.</summary>
    public int NumAttentionHeads { get; init; }

    /// <summary>Key/value heads (grouped-query attention).</summary>
    public int NumKeyValueHeads { get; init; }

    /// <summary>Per-head width (default hidden / heads).</summary>
    public int HeadDim { get; init; }

    /// <summary>RMSNorm epsilon.</summary>
    public double RmsNormEps { get; init; } = 1e-6;

    /// <summary>RoPE base.</summary>
    public double RopeTheta { get; init; } = 10000;

    /// <summary>Context length.</summary>
    public int MaxPositionEmbeddings { get; init; } = 2048;

    /// <summary>Vocabulary size (rows of the embedding).</summary>
    public int VocabSize { get; init; }

    /// <summary>Whether <c>lm_head</c> shares the embedding matrix.</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary>q/k/v projections carry biases (Qwen2: always; Llama: <c>attention_bias</c>).</summary>
    public bool QkvBias { get; init; }

    /// <summary>o_proj carries a bias (Llama <c>attention_bias</c>).</summary>
    public bool OutputBias { get; init; }

    /// <summary>MLP projections carry biases (Llama <c>mlp_bias</c>).</summary>
    public bool MlpBias { get; init; }

    /// <summary>Beginning-of-sequence token id, if any.</summary>
    public int? BosTokenId { get; init; }

    /// <summary>End-of-sequence token ids (HF allows one or a list).</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary>Checks that the sizes are positive and consistent.</summary>
    /// <exception cref="ModelFormatException">A value is missing or inconsistent.</exception>
    public void Validate()
    {
        void Positive(int v, string name)
        {
            if (v <= 0)
            {
                throw new ModelFormatException($"config: {name} must be positive (got {v}).");
            }
        }

        if (ModelType is not ("llama" or "qwen2"))
        {
            throw new ModelFormatException($"config: model_type '{ModelType}' is not supported (llama, qwen2).");
        }

        Positive(HiddenSize, "hidden_size");
        Positive(IntermediateSize, "intermediate_size");
        Positive(NumHiddenLayers, "num_hidden_layers");
        Positive(NumAttentionHeads, "num_attention_heads");
        Positive(NumKeyValueHeads, "num_key_value_heads");
        Positive(HeadDim, "head_dim");
        Positive(VocabSize, "vocab_size");
        Positive(MaxPositionEmbeddings, "max_position_embeddings");
        if (NumAttentionHeads % NumKeyValueHeads != 0)
        {
            throw new ModelFormatException($"config: num_attention_heads {NumAttentionHeads} is not a multiple of num_key_value_heads {NumKeyValueHeads}.");
        }

        if (HeadDim % 2 != 0)
        {
            throw new ModelFormatException($"config: head_dim {HeadDim} must be even for rotary embeddings.");
        }

        if (RmsNormEps <= 0 || RopeTheta <= 0)
        {
            throw new ModelFormatException("config: rms_norm_eps and rope_theta must be positive.");
        }
    }

    /// <summary>Reads <c>config.json</c>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The validated config.</returns>
    /// <exception cref="ModelFormatException">The file is malformed or unsupported (the message names it).</exception>
    public static ModelConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses config JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Where it came from, for error messages.</param>
    /// <returns>The validated config.</returns>
    /// <exception cref="ModelFormatException">The JSON is malformed or unsupported.</exception>
    public static ModelConfig Parse(string json, string source = "config.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return ModelConfigJson.Parse(json);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ModelFormatException)
        {
            throw new ModelFormatException($"{source}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes HF-style <c>config.json</c> text.</summary>
    /// <returns>The JSON.</returns>
    public string ToJson()
    {
        var o = new JsonObject
        {
            ["architectures"] = new JsonArray(ModelType == "qwen2" ? "Qwen2ForCausalLM" : "LlamaForCausalLM"),
            ["model_type"] = ModelType,
            ["hidden_size"] = HiddenSize,
            ["intermediate_size"] = IntermediateSize,
            ["num_hidden_layers"] = NumHiddenLayers,
            ["num_attention_heads"] = NumAttentionHeads,
            ["num_key_value_heads"] = NumKeyValueHeads,
            ["head_dim"] = HeadDim,
            ["hidden_act"] = "silu",
            ["rms_norm_eps"] = RmsNormEps,
            ["rope_theta"] = RopeTheta,
            ["max_position_embeddings"] = MaxPositionEmbeddings,
            ["vocab_size"] = VocabSize,
            ["tie_word_embeddings"] = TieWordEmbeddings,
            ["torch_dtype"] = "float32",
        };
        if (ModelType == "llama")
        {
            o["attention_bias"] = QkvBias;
            o["mlp_bias"] = MlpBias;
        }

        if (BosTokenId is { } bos)
        {
            o["bos_token_id"] = bos;
        }

        if (EosTokenIds.Count == 1)
        {
            o["eos_token_id"] = EosTokenIds[0];
        }
        else if (EosTokenIds.Count > 1)
        {
            o["eos_token_id"] = new JsonArray(EosTokenIds.Select(e => (JsonNode)e).ToArray());
        }

        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
