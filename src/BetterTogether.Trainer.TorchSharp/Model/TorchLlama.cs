using BetterTogether.Engine.Model;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace BetterTogether.Trainer.TorchSharp.Model;

/// <summary>
/// The Llama/Qwen2 decoder in LibTorch, with an unmerged LoRA adapter applied the way PEFT applies it:
/// <c>y = x·Wᵀ + b + (alpha/r)·(dropout(x)·Aᵀ)·Bᵀ</c>, the LoRA branch in fp32 and cast back to the activations'
/// precision. Same layer order as the engine: RMSNorm → q/k/v → RoPE → causal GQA → o_proj → residual → RMSNorm →
/// SwiGLU → residual; HF's RMSNorm (fp32 statistics) and rotate-half RoPE.
/// </summary>
public sealed class TorchLlama : IDisposable
{
    private readonly RotaryTables _rope;

    /// <summary>Creates the model over loaded weights.</summary>
    /// <param name="weights">The frozen base weights.</param>
    /// <param name="lora">The adapter, or null for the base model.</param>
    /// <exception cref="ArgumentException">The adapter belongs to another architecture.</exception>
    public TorchLlama(TorchLlamaWeights weights, TorchLoraWeights? lora)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (lora is not null && (lora.ModelConfig.NumHiddenLayers != weights.Config.NumHiddenLayers || lora.ModelConfig.HiddenSize != weights.Config.HiddenSize))
        {
            throw new ArgumentException("The adapter was built for a different architecture.", nameof(lora));
        }

        Weights = weights;
        Lora = lora;
        _rope = new RotaryTables(weights.Config, weights.Target.Device, weights.Target.WeightType);
    }

    /// <summary>Gets the frozen base weights.</summary>
    public TorchLlamaWeights Weights { get; }

    /// <summary>Gets the adapter, if any.</summary>
    public TorchLoraWeights? Lora { get; }

    /// <summary>Gets the architecture.</summary>
    public ModelConfig Config => Weights.Config;

    /// <summary>Logits of every position of one sequence from position 0, [tokens × vocab] row-major (no dropout, no gradients).</summary>
    /// <param name="tokens">Token ids.</param>
    /// <returns>The logits as fp32.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A token id is outside the vocabulary, or the sequence exceeds the context.</exception>
    public float[] Logits(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        CheckTokens(tokens);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var ids = torch.tensor(tokens.Select(t => (long)t).ToArray(), [1, tokens.Count], ScalarType.Int64, Weights.Target.Device);
        var x = Embed(ids);
        for (var l = 0; l < Config.NumHiddenLayers; l++)
        {
            x = Layer(l, x, null);
        }

        return F.linear(FinalNorm(x), Weights.LmHead).to(ScalarType.Float32, torch.CPU).contiguous().data<float>().ToArray();
    }

    /// <inheritdoc/>
    public void Dispose() => _rope.Dispose();

    /// <summary>Rejects ids outside the vocabulary and sequences longer than the context.</summary>
    internal void CheckTokens(IReadOnlyList<int> tokens)
    {
        if (tokens.Count == 0 || tokens.Count > Config.MaxPositionEmbeddings)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), $"A sequence needs 1…{Config.MaxPositionEmbeddings} tokens (max_position_embeddings); got {tokens.Count}.");
        }

        foreach (var t in tokens)
        {
            if ((uint)t >= (uint)Config.VocabSize)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), $"Token id {t} is outside the vocabulary [0, {Config.VocabSize}).");
            }
        }
    }

    /// <summary>Token embeddings: ids [batch, seq] → [batch, seq, hidden].</summary>
    internal Tensor Embed(Tensor ids) =>
        Weights.Embedding.index_select(0, ids.flatten()).view(ids.shape[0], ids.shape[1], Config.HiddenSize);

    /// <summary>The final RMSNorm.</summary>
    internal Tensor FinalNorm(Tensor x) => RmsNorm(x, Weights.FinalNorm);

    /// <summary>
    /// One decoder layer over x [batch, seq, hidden] from position 0. <paramref name="dropout"/> draws the LoRA dropout
    /// masks (q, k, v, o, gate, up, down in that order), so the same generator state recomputes the same layer; null
    /// disables dropout.
    /// </summary>
    internal Tensor Layer(int layer, Tensor x, Generator? dropout)
    {
        var c = Config;
        var w = Weights.Layers[layer];
        long b = x.shape[0], s = x.shape[1];
        var h = RmsNorm(x, w.InputNorm);

        // One fp32 copy of a shared input feeds every LoRA branch that reads it (q, k, v; gate, up), not one each.
        var h32 = Lora is null ? null : h.to(ScalarType.Float32);
        var q = Linear(layer, LinearModule.QProj, h, h32, dropout).view(b, s, c.NumAttentionHeads, c.HeadDim).transpose(1, 2);
        var k = Linear(layer, LinearModule.KProj, h, h32, dropout).view(b, s, c.NumKeyValueHeads, c.HeadDim).transpose(1, 2);
        var v = Linear(layer, LinearModule.VProj, h, h32, dropout).view(b, s, c.NumKeyValueHeads, c.HeadDim).transpose(1, 2);
        var (cos, sin) = _rope.For((int)s);
        q = (q * cos) + (RotateHalf(q) * sin);
        k = (k * cos) + (RotateHalf(k) * sin);
        if (c.NumKeyValueHeads < c.NumAttentionHeads)
        {
            // Query head h reads kv head h / (heads / kv_heads), as HF's repeat_kv and the engine do.
            var groups = c.NumAttentionHeads / c.NumKeyValueHeads;
            k = k.repeat_interleave(groups, dim: 1);
            v = v.repeat_interleave(groups, dim: 1);
        }

        var attention = F.scaled_dot_product_attention(q, k, v, is_casual: true).transpose(1, 2).reshape(b, s, c.NumAttentionHeads * c.HeadDim);
        x = x + Linear(layer, LinearModule.OProj, attention, null, dropout);
        var h2 = RmsNorm(x, w.PostAttentionNorm);
        var h2For32 = Lora is null ? null : h2.to(ScalarType.Float32);
        var gate = Linear(layer, LinearModule.GateProj, h2, h2For32, dropout);
        var up = Linear(layer, LinearModule.UpProj, h2, h2For32, dropout);
        return x + Linear(layer, LinearModule.DownProj, F.silu(gate) * up, null, dropout);
    }

    private static Tensor RotateHalf(Tensor t)
    {
        var half = t.shape[^1] / 2;
        return torch.cat([-t.narrow(-1, half, half), t.narrow(-1, 0, half)], -1);
    }

    private Tensor RmsNorm(Tensor x, Tensor weight)
    {
        // HF: statistics in fp32, then back to the activations' precision before the weight.
        var x32 = x.to(ScalarType.Float32);
        var normed = x32 * torch.rsqrt(x32.pow(2).mean([-1], keepdim: true) + Config.RmsNormEps);
        return weight * normed.to(x.dtype);
    }

    /// <summary>Base projection plus the LoRA branch; <paramref name="x32"/> is x as fp32 when the caller already has it.</summary>
    private Tensor Linear(int layer, LinearModule module, Tensor x, Tensor? x32, Generator? dropout)
    {
        var w = Weights.Layers[layer];
        var y = F.linear(x, w.Weight(module), w.Bias(module));
        if (Lora?.A(layer, module) is not { } a)
        {
            return y;
        }

        // PEFT casts the input to the LoRA weights' dtype (fp32) before dropout and the two small products.
        var input = x32 ?? x.to(ScalarType.Float32);
        var p = Lora.Config.Dropout;
        if (dropout is not null && p > 0)
        {
            var keep = torch.rand(input.shape, ScalarType.Float32, input.device, generator: dropout).ge(p);
            input = input * keep * (1.0 / (1.0 - p));
        }

        var update = F.linear(F.linear(input, a), Lora.B(layer, module)!) * Lora.Config.Scaling;
        return y.dtype == ScalarType.Float32 ? y + update : (y + update).to(y.dtype);
    }
}
