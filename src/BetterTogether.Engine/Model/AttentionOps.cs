using System.Numerics.Tensors;

namespace BetterTogether.Engine.Model;

/// <summary>Causal grouped-query attention, forward and backward, over row-major buffers.</summary>
internal static class AttentionOps
{
    /// <summary>
    /// Query row t (absolute position <c>pos0 + t</c>) of head h attends keys 0…pos0+t of kv head
    /// <c>h / (heads / kvHeads)</c>. <paramref name="probs"/> [heads, rows, keyStride] keeps the softmax when not empty.
    /// </summary>
    public static void Forward(
        ReadOnlySpan<float> q, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, Span<float> output,
        Span<float> probs, int keyStride, Span<float> scratch, int rows, int pos0, int heads, int kvHeads, int headDim)
    {
        var group = heads / kvHeads;
        var scale = 1f / MathF.Sqrt(headDim);
        var qw = heads * headDim;
        var kw = kvHeads * headDim;
        for (var h = 0; h < heads; h++)
        {
            var g = h / group;
            for (var t = 0; t < rows; t++)
            {
                var n = pos0 + t + 1;
                var p = probs.IsEmpty ? scratch[..n] : probs.Slice(((h * rows) + t) * keyStride, n);
                var qr = q.Slice((t * qw) + (h * headDim), headDim);
                for (var j = 0; j < n; j++)
                {
                    p[j] = TensorPrimitives.Dot(qr, keys.Slice((j * kw) + (g * headDim), headDim)) * scale;
                }

                TensorPrimitives.SoftMax(p, p);
                var o = output.Slice((t * qw) + (h * headDim), headDim);
                o.Clear();
                for (var j = 0; j < n; j++)
                {
                    TensorPrimitives.MultiplyAdd(values.Slice((j * kw) + (g * headDim), headDim), p[j], o, o);
                }
            }
        }
    }

    /// <summary>Backward of <see cref="Forward"/> with pos0 = 0 and keys = the rows themselves; accumulates dq, dk, dv.</summary>
    public static void Backward(
        ReadOnlySpan<float> dOutput, ReadOnlySpan<float> q, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, ReadOnlySpan<float> probs,
        Span<float> dq, Span<float> dk, Span<float> dv, Span<float> scratch, int rows, int heads, int kvHeads, int headDim)
    {
        var group = heads / kvHeads;
        var scale = 1f / MathF.Sqrt(headDim);
        var qw = heads * headDim;
        var kw = kvHeads * headDim;
        for (var h = 0; h < heads; h++)
        {
            var g = h / group;
            for (var t = 0; t < rows; t++)
            {
                var n = t + 1;
                var p = probs.Slice(((h * rows) + t) * rows, n);
                var dp = scratch[..n];
                var dor = dOutput.Slice((t * qw) + (h * headDim), headDim);
                for (var j = 0; j < n; j++)
                {
                    dp[j] = TensorPrimitives.Dot(dor, values.Slice((j * kw) + (g * headDim), headDim));
                    var dvr = dv.Slice((j * kw) + (g * headDim), headDim);
                    TensorPrimitives.MultiplyAdd(dor, p[j], dvr, dvr);
                }

                // softmax backward: ds_j = p_j (dp_j - Σ p·dp), then scaled by 1/sqrt(d)
                var sum = TensorPrimitives.Dot(p, dp);
                var qr = q.Slice((t * qw) + (h * headDim), headDim);
                var dqr = dq.Slice((t * qw) + (h * headDim), headDim);
                for (var j = 0; j < n; j++)
                {
                    var ds = p[j] * (dp[j] - sum) * scale;
                    if (ds == 0f)
                    {
                        continue;
                    }

                    TensorPrimitives.MultiplyAdd(keys.Slice((j * kw) + (g * headDim), headDim), ds, dqr, dqr);
                    var dkr = dk.Slice((j * kw) + (g * headDim), headDim);
                    TensorPrimitives.MultiplyAdd(qr, ds, dkr, dkr);
                }
            }
        }
    }
}
