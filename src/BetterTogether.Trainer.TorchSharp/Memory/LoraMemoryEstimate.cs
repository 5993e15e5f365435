using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;

namespace BetterTogether.Trainer.TorchSharp.Memory;

/// <summary>
/// Device memory of a <see cref="Training.TorchLoraTrainer"/> run, from the tensors this implementation keeps: frozen
/// weights, the LoRA parameters with their gradients and AdamW moments (fp32), the activations autograd saves for the
/// backward pass, and one chunk of the loss head. An estimate for sizing (allocator slack and the CUDA context come
/// on top; see <see cref="OverheadBytes"/>), not a measurement.
/// </summary>
/// <param name="WeightBytes">Frozen base weights.</param>
/// <param name="LoraStateBytes">LoRA parameters, gradients and two AdamW moments, fp32.</param>
/// <param name="ActivationBytes">Saved activations at the peak of one micro-batch (all layers, or with checkpointing the stored layer inputs plus one recomputed layer and its gradients).</param>
/// <param name="LossHeadBytes">One chunk of target rows through the vocabulary projection and the cross-entropy.</param>
public sealed record LoraMemoryEstimate(long WeightBytes, long LoraStateBytes, long ActivationBytes, long LossHeadBytes)
{
    /// <summary>Gets the allowance for the CUDA context, cuBLAS/cuDNN workspaces and allocator fragmentation.</summary>
    public const long OverheadBytes = 3L << 30;

    /// <summary>Gets the total including <see cref="OverheadBytes"/>.</summary>
    public long TotalBytes => WeightBytes + LoraStateBytes + ActivationBytes + LossHeadBytes + OverheadBytes;

    /// <summary>Estimates a run.</summary>
    /// <param name="model">The architecture.</param>
    /// <param name="lora">The adapter settings.</param>
    /// <param name="sequencesPerMicroBatch">Sequences per forward/backward (the hyperparameters' batch size).</param>
    /// <param name="sequenceLength">Tokens per sequence.</param>
    /// <param name="weightElementBytes">2 for bf16 weights and activations (CUDA), 4 for fp32 (CPU).</param>
    /// <param name="gradientCheckpointing">Whether layers are recomputed in the backward pass.</param>
    /// <param name="lossChunkRows">Target rows per loss chunk.</param>
    /// <returns>The estimate.</returns>
    public static LoraMemoryEstimate For(ModelConfig model, LoraConfig lora, int sequencesPerMicroBatch, int sequenceLength, int weightElementBytes, bool gradientCheckpointing, int lossChunkRows)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(lora);
        long d = model.HiddenSize, f = model.IntermediateSize, v = model.VocabSize, layers = model.NumHiddenLayers, e = weightElementBytes;
        long qd = (long)model.NumAttentionHeads * model.HeadDim, kvd = (long)model.NumKeyValueHeads * model.HeadDim;
        var perLayerWeights = (d * qd * 2) + (d * kvd * 2) + (3 * d * f) + (2 * d);
        var weights = ((layers * perLayerWeights) + (v * d * (model.TieWordEmbeddings ? 1 : 2)) + d) * e;

        long loraParameters = 0;
        foreach (var m in lora.TargetModules)
        {
            loraParameters += (long)lora.Rank * (m.InFeatures(model) + m.OutFeatures(model));
        }

        loraParameters *= layers;
        var loraState = loraParameters * 4 * 4;

        var tokens = (long)sequencesPerMicroBatch * sequenceLength;
        var perToken = SavedBytesPerTokenPerLayer(d, qd, f, e, lora);
        var activations = gradientCheckpointing
            ? (layers * tokens * d * e) + (2 * tokens * perToken)
            : layers * tokens * perToken;

        // Per chunk row: bf16 logits, their fp32 copy, log-softmax kept by the loss, the fp32 gradient.
        var lossHead = Math.Min(lossChunkRows, tokens) * v * (e + 4 + 4 + 4);
        return new LoraMemoryEstimate(weights, loraState, activations, lossHead);
    }

    /// <summary>
    /// What autograd keeps per token and layer here: the fp32 RMSNorm inputs (2 × 4d); the fp32 LoRA inputs (one per
    /// shared input: q/k/v, o, gate/up, down) and their rank-r products; attention's q, k and v (kv heads repeated to
    /// all heads) and output; the MLP's gate, up and silu(gate). Dropout adds a mask and a dropped copy per module.
    /// </summary>
    private static long SavedBytesPerTokenPerLayer(long d, long qd, long f, long e, LoraConfig lora)
    {
        var norms = 2 * 4 * d;
        var loraInputs = 4 * (d + qd + d + f);
        var loraProducts = 7 * 4 * (long)lora.Rank;
        var attention = 4 * e * qd;
        var mlp = 3 * e * f;
        var dropout = lora.Dropout > 0 ? 5 * ((3 * d) + qd + (2 * d) + f) : 0;
        return norms + loraInputs + loraProducts + attention + mlp + dropout;
    }
}
