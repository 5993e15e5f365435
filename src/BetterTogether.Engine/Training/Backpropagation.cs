using BetterTogether.Engine.Kernels;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;

namespace BetterTogether.Engine.Training;

/// <summary>
/// Forward with recorded activations, masked cross-entropy, and backward through every layer (attention,
/// RoPE, RMSNorm, SwiGLU), accumulating gradients for the LoRA parameters and, when enabled, for all base
/// weights. Frozen base weights get no gradient computation at all.
/// </summary>
public sealed class Backpropagation
{
    private readonly LlamaModel _model;
    private readonly LoraAdapter? _adapter;
    private LayerActivations[]? _record;

    /// <summary>Creates a pass for <paramref name="model"/> with gradient buffers.</summary>
    /// <param name="model">The model (its weights are read, never written).</param>
    /// <param name="adapter">The LoRA adapter being trained, or null.</param>
    /// <param name="trainBaseWeights">Also compute gradients for every base weight (full-parameter training).</param>
    public Backpropagation(LlamaModel model, LoraAdapter? adapter, bool trainBaseWeights)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (adapter is null && !trainBaseWeights)
        {
            throw new ArgumentException("Nothing to train: pass an adapter or enable base-weight training.", nameof(adapter));
        }

        _model = model;
        _adapter = adapter;
        LoraGradients = adapter is null ? null : new float[adapter.Parameters.Length];
        BaseGradients = trainBaseWeights ? new float[model.Weights.Length] : null;
    }

    /// <summary>Gradients of the adapter's <see cref="LoraAdapter.Parameters"/> (same layout), or null.</summary>
    public float[]? LoraGradients { get; }

    /// <summary>Gradients of the model's <see cref="LlamaModel.Weights"/> (same layout), or null when frozen.</summary>
    public float[]? BaseGradients { get; }

    /// <summary>Sets all gradients to zero.</summary>
    public void ZeroGradients()
    {
        LoraGradients?.AsSpan().Clear();
        BaseGradients?.AsSpan().Clear();
    }

    /// <summary>
    /// Adds <c>lossScale · ∇ Σ_targets −log p(token)</c> to the gradients for one sequence and returns
    /// the summed (unscaled) negative log-likelihood and the number of target tokens.
    /// </summary>
    /// <param name="sequence">Tokens and target mask.</param>
    /// <param name="lossScale">Multiplier of the summed loss, typically 1 / (target tokens in the optimizer step).</param>
    /// <param name="dropoutRng">Random source for LoRA dropout (null disables dropout).</param>
    /// <returns>The summed loss and the target count.</returns>
    public (double LossSum, int Targets) Accumulate(TrainingSequence sequence, float lossScale, Random? dropoutRng = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var tokens = sequence.Tokens.ToArray();
        _model.CheckInput(tokens, 0, _adapter);
        var c = _model.Config;
        var rows = tokens.Length;
        // Every recorded activation is overwritten by the forward pass (the attention probabilities above the
        // diagonal are never written and stay zero), so buffers of the previous sequence of the same length are reused.
        if (_record is null || _record[0].Rows != rows)
        {
            _record = null;
            var fresh = new LayerActivations[c.NumHiddenLayers];
            for (var l = 0; l < fresh.Length; l++)
            {
                fresh[l] = new LayerActivations(c, rows, keepProbs: true, _adapter?.Config.Rank ?? 0);
            }

            _record = fresh;
        }

        var record = _record;

        var xn = new ForwardRunner(_model, _adapter, dropoutRng).Run(tokens, null, record, out var xFinal, out var rstdFinal);
        var targetRows = new List<int>();
        for (var i = 0; i + 1 < rows; i++)
        {
            if (sequence.TargetMask[i + 1])
            {
                targetRows.Add(i);
            }
        }

        if (targetRows.Count == 0)
        {
            return (0, 0);
        }

        var d = c.HiddenSize;
        var dxn = new float[rows * d];
        var loss = LossHead(tokens, xn, targetRows, lossScale, dxn);
        var grads = new LayerGradients(_model, _adapter, LoraGradients, BaseGradients);
        var dx = new float[rows * d];
        var w = _model.Weights;
        var layout = _model.Layout;
        NormOps.RmsNormBackward(dxn, xFinal, w.AsSpan(layout.FinalNorm, d), rstdFinal, dx, BaseGradients is null ? [] : BaseGradients.AsSpan(layout.FinalNorm, d), new float[d], rows, d);
        for (var l = c.NumHiddenLayers - 1; l >= 0; l--)
        {
            grads.Backward(l, record[l], dx);
        }

        if (BaseGradients is not null)
        {
            for (var t = 0; t < rows; t++)
            {
                var row = BaseGradients.AsSpan(layout.Embedding + (tokens[t] * d), d);
                System.Numerics.Tensors.TensorPrimitives.Add(row, dx.AsSpan(t * d, d), row);
            }
        }

        return (loss, targetRows.Count);
    }

    /// <summary>Logits only at target rows, softmax cross-entropy, and the gradient back to the normed hidden states.</summary>
    private double LossHead(int[] tokens, float[] xn, List<int> targetRows, float lossScale, float[] dxn)
    {
        var c = _model.Config;
        var d = c.HiddenSize;
        var v = c.VocabSize;
        var n = targetRows.Count;
        var xg = new float[n * d];
        for (var k = 0; k < n; k++)
        {
            xn.AsSpan(targetRows[k] * d, d).CopyTo(xg.AsSpan(k * d, d));
        }

        var head = _model.Weights.AsSpan(_model.Layout.LmHead, v * d);
        var logits = new float[n * v];
        Gemm.Sgemm(false, true, n, v, d, 1f, xg, d, head, d, 0f, logits, v);
        // Rows are independent: computed in parallel blocks, their losses summed afterwards in row order.
        var rowLoss = new double[n];
        const int block = 16;
        var blocks = (n + block - 1) / block;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(Gemm.MaxDegreeOfParallelism, blocks) }, b =>
        {
            for (var k = b * block; k < Math.Min(n, (b + 1) * block); k++)
            {
                rowLoss[k] = SoftmaxCrossEntropyRow(logits.AsSpan(k * v, v), tokens[targetRows[k] + 1], lossScale);
            }
        });
        double loss = 0;
        foreach (var l in rowLoss)
        {
            loss += l;
        }

        var dxg = new float[n * d];
        Gemm.Sgemm(false, false, n, d, v, 1f, logits, v, head, d, 0f, dxg, d);
        if (BaseGradients is not null)
        {
            Gemm.Sgemm(true, false, v, d, n, 1f, logits, v, xg, d, 1f, BaseGradients.AsSpan(_model.Layout.LmHead, v * d), d);
        }

        for (var k = 0; k < n; k++)
        {
            dxg.AsSpan(k * d, d).CopyTo(dxn.AsSpan(targetRows[k] * d, d));
        }

        return loss;
    }

    /// <summary>Returns −log softmax(row)[target] and replaces the row by its gradient times <paramref name="lossScale"/>.</summary>
    private static double SoftmaxCrossEntropyRow(Span<float> row, int target, float lossScale)
    {
        var max = System.Numerics.Tensors.TensorPrimitives.Max(row);
        double sum = 0;
        foreach (var z in row)
        {
            sum += Math.Exp(z - max);
        }

        var lse = max + Math.Log(sum);
        var loss = lse - row[target];
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = (float)Math.Exp(row[j] - lse) * lossScale;
        }

        row[target] -= lossScale;
        return loss;
    }
}
