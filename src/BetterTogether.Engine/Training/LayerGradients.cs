using System.Numerics.Tensors;
using BetterTogether.Engine.Kernels;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;

namespace BetterTogether.Engine.Training;

/// <summary>Backward of one decoder layer, in reverse order of <see cref="ForwardRunner"/>.</summary>
internal sealed class LayerGradients(LlamaModel model, LoraAdapter? adapter, float[]? loraGrads, float[]? baseGrads)
{
    private readonly ModelConfig _c = model.Config;

    /// <summary>Given dL/d(layer output) in <paramref name="dx"/>, replaces it with dL/d(layer input).</summary>
    public void Backward(int layer, LayerActivations a, float[] dx)
    {
        var rows = a.Rows;
        var d = _c.HiddenSize;
        var slots = model.Layout.Layers[layer];
        var w = model.Weights;
        var scratch = new float[Math.Max(d, rows)];

        // MLP: out = XMid + down(silu(gate(xn2)) * up(xn2))
        var dH = new float[rows * _c.IntermediateSize];
        Linear(layer, LinearModule.DownProj, dx, a.H, dH, a, rows);
        var dGate = new float[dH.Length];
        var dUp = new float[dH.Length];
        NormOps.SwiGluBackward(dH, a.Gate, a.Up, dGate, dUp);
        var dXn = new float[rows * d];
        Linear(layer, LinearModule.GateProj, dGate, a.Xn2, dXn, a, rows);
        Linear(layer, LinearModule.UpProj, dUp, a.Xn2, dXn, a, rows);
        NormOps.RmsNormBackward(dXn, a.XMid, w.AsSpan(slots.PostNorm, d), a.Rstd2, dx, BaseSlice(slots.PostNorm, d), scratch, rows, d);

        // Attention: XMid = X + o_proj(attn(rope(q), rope(k), v))
        var qw = _c.NumAttentionHeads * _c.HeadDim;
        var kw = _c.NumKeyValueHeads * _c.HeadDim;
        var dAtt = new float[rows * qw];
        Linear(layer, LinearModule.OProj, dx, a.AttOut, dAtt, a, rows);
        var dQ = new float[rows * qw];
        var dK = new float[rows * kw];
        var dV = new float[rows * kw];
        AttentionOps.Backward(dAtt, a.Q, a.K, a.V, a.Probs, dQ, dK, dV, scratch, rows, _c.NumAttentionHeads, _c.NumKeyValueHeads, _c.HeadDim);
        model.Rope.Apply(dQ, rows, _c.NumAttentionHeads, 0, inverse: true);
        model.Rope.Apply(dK, rows, _c.NumKeyValueHeads, 0, inverse: true);
        Array.Clear(dXn);
        Linear(layer, LinearModule.QProj, dQ, a.Xn1, dXn, a, rows);
        Linear(layer, LinearModule.KProj, dK, a.Xn1, dXn, a, rows);
        Linear(layer, LinearModule.VProj, dV, a.Xn1, dXn, a, rows);
        NormOps.RmsNormBackward(dXn, a.X, w.AsSpan(slots.InNorm, d), a.Rstd1, dx, BaseSlice(slots.InNorm, d), scratch, rows, d);
    }

    private Span<float> BaseSlice(int offset, int length) => baseGrads is null ? [] : baseGrads.AsSpan(offset, length);

    /// <summary>Backward of y = x·Wᵀ + b + s·(drop(x)·Aᵀ)·Bᵀ: accumulates dx, and dW/db and dA/dB where trained.</summary>
    private void Linear(int layer, LinearModule m, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dx, LayerActivations a, int rows)
    {
        var inF = m.InFeatures(_c);
        var outF = m.OutFeatures(_c);
        var slots = model.Layout.Layers[layer];
        var weight = model.Weights.AsSpan(slots.Weight[(int)m], outF * inF);
        Gemm.Sgemm(false, false, rows, inF, outF, 1f, dy, outF, weight, inF, 1f, dx, inF);
        if (baseGrads is not null)
        {
            Gemm.Sgemm(true, false, outF, inF, rows, 1f, dy, outF, x, inF, 1f, baseGrads.AsSpan(slots.Weight[(int)m], outF * inF), inF);
            if (slots.Bias[(int)m] >= 0)
            {
                var db = baseGrads.AsSpan(slots.Bias[(int)m], outF);
                for (var t = 0; t < rows; t++)
                {
                    TensorPrimitives.Add(db, dy.Slice(t * outF, outF), db);
                }
            }
        }

        if (adapter is null || loraGrads is null || !adapter.Targets(layer, m))
        {
            return;
        }

        var r = adapter.Config.Rank;
        var s = adapter.Config.Scaling;
        var z = a.Z![(int)m];
        ReadOnlySpan<float> xd = a.DroppedInput[(int)m] ?? x;
        var dA = loraGrads.AsSpan(adapter.AOffset(layer, m), r * inF);
        var dB = loraGrads.AsSpan(adapter.BOffset(layer, m), outF * r);
        Gemm.Sgemm(true, false, outF, r, rows, s, dy, outF, z, r, 1f, dB, r);
        var dz = new float[rows * r];
        Gemm.Sgemm(false, false, rows, r, outF, s, dy, outF, adapter.B(layer, m), r, 0f, dz, r);
        Gemm.Sgemm(true, false, r, inF, rows, 1f, dz, r, xd, inF, 1f, dA, inF);
        if (a.KeepMask[(int)m] is not { } kept)
        {
            Gemm.Sgemm(false, false, rows, inF, r, 1f, dz, r, adapter.A(layer, m), inF, 1f, dx, inF);
            return;
        }

        var dxd = new float[rows * inF];
        Gemm.Sgemm(false, false, rows, inF, r, 1f, dz, r, adapter.A(layer, m), inF, 0f, dxd, inF);
        var keep = (float)(1.0 / (1.0 - adapter.Config.Dropout));
        for (var i = 0; i < dxd.Length; i++)
        {
            dx[i] += kept[i] ? dxd[i] * keep : 0f;
        }
    }
}
