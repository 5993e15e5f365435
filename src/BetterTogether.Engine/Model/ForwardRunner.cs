using System.Numerics.Tensors;
using BetterTogether.Engine.Kernels;
using BetterTogether.Engine.Lora;

namespace BetterTogether.Engine.Model;

/// <summary>
/// The decoder forward over a token block: embedding, per layer RMSNorm → q/k/v (+LoRA) → RoPE → causal GQA →
/// o_proj → residual → RMSNorm → SwiGLU MLP → residual, then the final RMSNorm. Records activations when training.
/// </summary>
internal sealed class ForwardRunner
{
    private readonly LlamaModel _model;
    private readonly ModelConfig _c;
    private readonly LoraAdapter? _lora;
    private readonly Random? _dropoutRng;

    public ForwardRunner(LlamaModel model, LoraAdapter? lora, Random? dropoutRng)
    {
        _model = model;
        _c = model.Config;
        _lora = lora;
        _dropoutRng = lora is { Config.Dropout: > 0 } ? dropoutRng : null;
    }

    /// <summary>
    /// Runs the layers over <paramref name="tokens"/> at positions <c>cache.Length…</c> (or 0… without a cache).
    /// Returns the final-normed hidden states [rows, hidden]; fills <paramref name="record"/> (one per layer) when given.
    /// </summary>
    public float[] Run(ReadOnlySpan<int> tokens, KvCache? cache, LayerActivations[]? record, out float[] finalResidual, out float[] finalRstd)
    {
        var rows = tokens.Length;
        var d = _c.HiddenSize;
        var w = _model.Weights;
        var layout = _model.Layout;
        var pos0 = cache?.Length ?? 0;
        cache?.EnsureCapacity(pos0 + rows);
        var x = new float[rows * d];
        for (var t = 0; t < rows; t++)
        {
            w.AsSpan(layout.Embedding + (tokens[t] * d), d).CopyTo(x.AsSpan(t * d, d));
        }

        var shared = record is null ? new LayerActivations(_c, rows, keepProbs: false, _lora?.Config.Rank ?? 0) : null;
        var scratch = new float[pos0 + rows];
        var eps = (float)_c.RmsNormEps;
        for (var l = 0; l < _c.NumHiddenLayers; l++)
        {
            var a = record?[l] ?? shared!;
            var s = layout.Layers[l];
            x.CopyTo(a.X, 0);
            NormOps.RmsNorm(x, w.AsSpan(s.InNorm, d), a.Xn1, a.Rstd1, rows, d, eps);
            Linear(a.Xn1, rows, l, LinearModule.QProj, a.Q, a);
            Linear(a.Xn1, rows, l, LinearModule.KProj, a.K, a);
            Linear(a.Xn1, rows, l, LinearModule.VProj, a.V, a);
            _model.Rope.Apply(a.Q, rows, _c.NumAttentionHeads, pos0);
            _model.Rope.Apply(a.K, rows, _c.NumKeyValueHeads, pos0);
            ReadOnlySpan<float> keys = a.K;
            ReadOnlySpan<float> values = a.V;
            if (cache is not null)
            {
                var kw = _c.NumKeyValueHeads * _c.HeadDim;
                a.K.CopyTo(cache.Keys[l].AsSpan(pos0 * kw));
                a.V.CopyTo(cache.Values[l].AsSpan(pos0 * kw));
                keys = cache.Keys[l];
                values = cache.Values[l];
            }

            AttentionOps.Forward(a.Q, keys, values, a.AttOut, a.Probs, rows, scratch, rows, pos0, _c.NumAttentionHeads, _c.NumKeyValueHeads, _c.HeadDim);
            var o = new float[rows * d];
            Linear(a.AttOut, rows, l, LinearModule.OProj, o, a);
            TensorPrimitives.Add(x, o, x);
            x.CopyTo(a.XMid, 0);
            NormOps.RmsNorm(x, w.AsSpan(s.PostNorm, d), a.Xn2, a.Rstd2, rows, d, eps);
            Linear(a.Xn2, rows, l, LinearModule.GateProj, a.Gate, a);
            Linear(a.Xn2, rows, l, LinearModule.UpProj, a.Up, a);
            NormOps.SwiGlu(a.Gate, a.Up, a.H);
            Linear(a.H, rows, l, LinearModule.DownProj, o, a);
            TensorPrimitives.Add(x, o, x);
        }

        if (cache is not null)
        {
            cache.Length = pos0 + rows;
        }

        var xn = new float[rows * d];
        finalRstd = new float[rows];
        NormOps.RmsNorm(x, w.AsSpan(layout.FinalNorm, d), xn, finalRstd, rows, d, eps);
        finalResidual = x;
        return xn;
    }

    /// <summary>y = x·Wᵀ + b + s·(dropout(x)·Aᵀ)·Bᵀ for one projection.</summary>
    private void Linear(float[] x, int rows, int layer, LinearModule m, float[] y, LayerActivations a)
    {
        var inF = m.InFeatures(_c);
        var outF = m.OutFeatures(_c);
        var s = _model.Layout.Layers[layer];
        var w = _model.Weights;
        Gemm.Sgemm(false, true, rows, outF, inF, 1f, x, inF, w.AsSpan(s.Weight[(int)m], outF * inF), inF, 0f, y, outF);
        if (s.Bias[(int)m] >= 0)
        {
            var b = w.AsSpan(s.Bias[(int)m], outF);
            for (var t = 0; t < rows; t++)
            {
                var yr = y.AsSpan(t * outF, outF);
                TensorPrimitives.Add(yr, b, yr);
            }
        }

        if (_lora is null || !_lora.Targets(layer, m))
        {
            return;
        }

        var r = _lora.Config.Rank;
        var input = x;
        if (_dropoutRng is not null)
        {
            input = a.DroppedInput[(int)m] ??= new float[rows * inF];
            var kept = a.KeepMask[(int)m] ??= new bool[rows * inF];
            var p = _lora.Config.Dropout;
            var keep = (float)(1.0 / (1.0 - p));
            for (var i = 0; i < input.Length; i++)
            {
                kept[i] = _dropoutRng.NextDouble() >= p;
                input[i] = kept[i] ? x[i] * keep : 0f;
            }
        }

        var z = a.Z![(int)m];
        Gemm.Sgemm(false, true, rows, r, inF, 1f, input, inF, _lora.A(layer, m), inF, 0f, z, r);
        Gemm.Sgemm(false, true, rows, outF, r, _lora.Config.Scaling, z, r, _lora.B(layer, m), r, 1f, y, outF);
    }
}
