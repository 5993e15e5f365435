using BetterTogether.Engine.Kernels;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.SafeTensors;

namespace BetterTogether.Engine.Model;

/// <summary>
/// A Llama-family decoder (Llama, Qwen2) with all weights in one flat array (see <see cref="ParameterLayout"/>).
/// Immutable during inference, so one instance serves concurrent requests, each with its own
/// <see cref="KvCache"/> and optionally its own unmerged <see cref="LoraAdapter"/>.
/// </summary>
public sealed class LlamaModel
{
    /// <summary>Creates a model with the given weights (or zeros).</summary>
    /// <param name="config">The architecture.</param>
    /// <param name="weights">Flat weights laid out by <see cref="ParameterLayout"/>; null for zeros.</param>
    /// <exception cref="ModelFormatException">The config is invalid or the weights have the wrong length.</exception>
    public LlamaModel(ModelConfig config, float[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        Layout = new ParameterLayout(config);
        if (weights is not null && weights.Length != Layout.TotalLength)
        {
            throw new ModelFormatException($"weights: expected {Layout.TotalLength} elements for this config, got {weights.Length}.");
        }

        Weights = weights ?? new float[Layout.TotalLength];
        Rope = new RotaryEmbedding(config.HeadDim, config.RopeTheta);
    }

    /// <summary>The architecture.</summary>
    public ModelConfig Config { get; }

    /// <summary>Where each tensor lives in <see cref="Weights"/>.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>All weights, flat.</summary>
    public float[] Weights { get; }

    internal RotaryEmbedding Rope { get; }

    /// <summary>Loads an HF model folder (<c>config.json</c> + <c>model.safetensors</c> or a sharded index).</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelFormatException">The config is unsupported or does not match the weights.</exception>
    /// <exception cref="SafeTensorsException">A weights file is malformed.</exception>
    public static LlamaModel Load(string folder) => ModelLoader.Load(folder);

    /// <summary>Creates a model with random weights for pre-training: N(0, std) matrices, ones for norms, zero biases.</summary>
    /// <param name="config">The architecture.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="std">Standard deviation of matrix entries.</param>
    /// <returns>The model.</returns>
    public static LlamaModel CreateRandom(ModelConfig config, int seed, float std = 0.02f)
    {
        var model = new LlamaModel(config);
        var rng = new Random(seed);
        foreach (var slot in model.Layout.Slots)
        {
            var span = model.Weights.AsSpan(slot.Offset, slot.Length);
            if (slot.Name.EndsWith("norm.weight", StringComparison.Ordinal))
            {
                span.Fill(1f);
            }
            else if (slot.Shape.Count == 2)
            {
                for (var i = 0; i < span.Length; i++)
                {
                    // Box-Muller
                    var u1 = 1.0 - rng.NextDouble();
                    var u2 = rng.NextDouble();
                    span[i] = (float)(std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
                }
            }
        }

        return model;
    }

    /// <summary>Saves <c>config.json</c> and <c>model.safetensors</c> into <paramref name="folder"/>.</summary>
    /// <param name="folder">The target folder (created if needed).</param>
    /// <param name="dtype">Stored precision (F32 or BF16).</param>
    public void Save(string folder, SafeTensorsDType dtype = SafeTensorsDType.F32) => ModelWriter.Save(this, folder, dtype);

    /// <summary>A view of one tensor by HF name.</summary>
    /// <param name="name">e.g. <c>model.layers.0.self_attn.q_proj.weight</c>.</param>
    /// <returns>The elements.</returns>
    /// <exception cref="KeyNotFoundException">The model has no such tensor.</exception>
    public Span<float> Tensor(string name) =>
        Layout.TryGetSlot(name, out var slot) ? Weights.AsSpan(slot.Offset, slot.Length) : throw new KeyNotFoundException($"The model has no tensor '{name}'.");

    /// <summary>Creates an empty KV cache for one sequence.</summary>
    /// <param name="initialCapacity">Positions to allocate up front (grows as needed up to the context).</param>
    /// <returns>The cache.</returns>
    public KvCache CreateCache(int initialCapacity = 256) =>
        new(Config.NumHiddenLayers, Config.NumKeyValueHeads * Config.HeadDim, Config.MaxPositionEmbeddings, initialCapacity);

    /// <summary>Full forward over a sequence from position 0: logits [tokens, vocab], row-major.</summary>
    /// <param name="tokens">Token ids.</param>
    /// <param name="adapter">An unmerged LoRA adapter to apply, or null.</param>
    /// <returns>The logits of every position.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A token id is out of range, or the sequence is longer than the context.</exception>
    public float[] Forward(ReadOnlySpan<int> tokens, LoraAdapter? adapter = null) => Forward(tokens, null, adapter, allLogits: true);

    /// <summary>
    /// Forward over <paramref name="tokens"/> continuing <paramref name="cache"/> (positions <c>cache.Length…</c>),
    /// appending their keys and values. Returns logits of every new position or only the last one.
    /// </summary>
    /// <param name="tokens">New token ids (at least one).</param>
    /// <param name="cache">The sequence's cache, or null to start at position 0 without caching.</param>
    /// <param name="adapter">An unmerged LoRA adapter to apply, or null.</param>
    /// <param name="allLogits">True for [tokens, vocab]; false for the last position's [vocab] only.</param>
    /// <returns>The logits.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A token id is out of range, or the context would overflow.</exception>
    public float[] Forward(ReadOnlySpan<int> tokens, KvCache? cache, LoraAdapter? adapter = null, bool allLogits = false)
    {
        CheckInput(tokens, cache?.Length ?? 0, adapter);
        var xn = new ForwardRunner(this, adapter, null).Run(tokens, cache, null, out _, out _);
        var rows = allLogits ? tokens.Length : 1;
        var d = Config.HiddenSize;
        var v = Config.VocabSize;
        var logits = new float[rows * v];
        var from = xn.AsSpan((tokens.Length - rows) * d, rows * d);
        Gemm.Sgemm(false, true, rows, v, d, 1f, from, d, Weights.AsSpan(Layout.LmHead, v * d), d, 0f, logits, v);
        return logits;
    }

    internal void CheckInput(ReadOnlySpan<int> tokens, int pos0, LoraAdapter? adapter)
    {
        if (tokens.IsEmpty)
        {
            throw new ArgumentException("At least one token is needed.", nameof(tokens));
        }

        if (pos0 + tokens.Length > Config.MaxPositionEmbeddings)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), $"{pos0 + tokens.Length} positions exceed the model's context of {Config.MaxPositionEmbeddings} (max_position_embeddings); the prompt is too long.");
        }

        foreach (var t in tokens)
        {
            if ((uint)t >= (uint)Config.VocabSize)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), $"Token id {t} is outside the vocabulary [0, {Config.VocabSize}).");
            }
        }

        if (adapter is not null && adapter.ModelConfig != Config && !SameShape(adapter.ModelConfig))
        {
            throw new ArgumentException("The adapter was built for a different architecture.", nameof(adapter));
        }
    }

    private bool SameShape(ModelConfig other) =>
        other.HiddenSize == Config.HiddenSize && other.IntermediateSize == Config.IntermediateSize && other.NumHiddenLayers == Config.NumHiddenLayers
        && other.NumAttentionHeads == Config.NumAttentionHeads && other.NumKeyValueHeads == Config.NumKeyValueHeads && other.HeadDim == Config.HeadDim;
}
