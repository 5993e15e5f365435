using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BetterTogether.Engine.Kernels;

namespace BetterTogether.Engine.Model;

/// <summary>
/// Causal grouped-query attention, forward and backward, over row-major buffers. A head's scores, weighted values
/// and gradients are matrix products through <see cref="Gemm"/> (the full rows × keys block, the future keys'
/// probabilities zeroed), so a long sequence runs on the packed micro-kernels rather than one head row at a time;
/// a call of fewer than <see cref="MatrixRows"/> rows (a decode step) keeps the row loop. Large calls run heads
/// (forward) or kv heads (backward) on up to <see cref="Gemm.MaxDegreeOfParallelism"/> threads, each work item on
/// one thread writing only its own head's columns, so results are bit-identical for any thread count.
/// </summary>
internal static unsafe class AttentionOps
{
    /// <summary>Below this many multiply-adds per call (rows × keys × heads × headDim), one thread runs it.</summary>
    private const long ParallelThreshold = 1L << 19;

    /// <summary>Calls with at least this many query rows run as matrix products; fewer keep the row loop.</summary>
    internal const int MatrixRows = 8;

    /// <summary>Query rows per product: a block multiplies only the keys its last row sees.</summary>
    private const int RowBlock = 64;

    /// <summary>
    /// Query row t (absolute position <c>pos0 + t</c>) of head h attends keys 0…pos0+t of kv head
    /// <c>h / (heads / kvHeads)</c>. <paramref name="probs"/> [heads, rows, keyStride] keeps the softmax when not empty.
    /// </summary>
    public static void Forward(
        ReadOnlySpan<float> q, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, Span<float> output,
        Span<float> probs, int keyStride, Span<float> scratch, int rows, int pos0, int heads, int kvHeads, int headDim, int maxThreads = 0)
    {
        var threads = Threads((long)rows * (pos0 + rows) * heads * headDim, heads, maxThreads);
        if (threads == 1)
        {
            for (var h = 0; h < heads; h++)
            {
                ForwardHeadAny(h, q, keys, values, output, probs, keyStride, scratch, rows, pos0, heads, kvHeads, headDim);
            }

            return;
        }

        fixed (float* pq = q, pk = keys, pv = values, po = output, pp = probs)
        {
            var (aq, ak, av, ao, ap) = ((nint)pq, (nint)pk, (nint)pv, (nint)po, (nint)pp);
            var (lq, lk, lv, lo, lp) = (q.Length, keys.Length, values.Length, output.Length, probs.Length);
            var keep = !probs.IsEmpty;
            var scratchLength = pos0 + rows;
            Parallel.For(0, heads, new ParallelOptions { MaxDegreeOfParallelism = threads }, h =>
            {
                var rented = keep || rows >= MatrixRows ? null : ArrayPool<float>.Shared.Rent(scratchLength);
                try
                {
                    ForwardHeadAny(
                        h, new ReadOnlySpan<float>((float*)aq, lq), new ReadOnlySpan<float>((float*)ak, lk), new ReadOnlySpan<float>((float*)av, lv),
                        new Span<float>((float*)ao, lo), keep ? new Span<float>((float*)ap, lp) : [], keyStride, rented ?? [], rows, pos0, heads, kvHeads, headDim);
                }
                finally
                {
                    if (rented is not null)
                    {
                        ArrayPool<float>.Shared.Return(rented);
                    }
                }
            });
        }
    }

    /// <summary>Backward of <see cref="Forward"/> with pos0 = 0 and keys = the rows themselves; accumulates dq, dk, dv.</summary>
    public static void Backward(
        ReadOnlySpan<float> dOutput, ReadOnlySpan<float> q, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, ReadOnlySpan<float> probs,
        Span<float> dq, Span<float> dk, Span<float> dv, Span<float> scratch, int rows, int heads, int kvHeads, int headDim, int maxThreads = 0)
    {
        var threads = Threads((long)rows * rows * heads * headDim, kvHeads, maxThreads);
        if (threads == 1)
        {
            for (var g = 0; g < kvHeads; g++)
            {
                BackwardKvHeadAny(g, dOutput, q, keys, values, probs, dq, dk, dv, scratch, rows, heads, kvHeads, headDim);
            }

            return;
        }

        fixed (float* pdo = dOutput, pq = q, pk = keys, pv = values, pp = probs, pdq = dq, pdk = dk, pdv = dv)
        {
            var (ado, aq, ak, av, ap) = ((nint)pdo, (nint)pq, (nint)pk, (nint)pv, (nint)pp);
            var (adq, adk, adv) = ((nint)pdq, (nint)pdk, (nint)pdv);
            var (ldo, lq, lk, lv, lp) = (dOutput.Length, q.Length, keys.Length, values.Length, probs.Length);
            var (ldq, ldk, ldv) = (dq.Length, dk.Length, dv.Length);
            Parallel.For(0, kvHeads, new ParallelOptions { MaxDegreeOfParallelism = threads }, g =>
            {
                var rented = ArrayPool<float>.Shared.Rent(rows);
                try
                {
                    BackwardKvHeadAny(
                        g, new ReadOnlySpan<float>((float*)ado, ldo), new ReadOnlySpan<float>((float*)aq, lq), new ReadOnlySpan<float>((float*)ak, lk),
                        new ReadOnlySpan<float>((float*)av, lv), new ReadOnlySpan<float>((float*)ap, lp), new Span<float>((float*)adq, ldq),
                        new Span<float>((float*)adk, ldk), new Span<float>((float*)adv, ldv), rented, rows, heads, kvHeads, headDim);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(rented);
                }
            });
        }
    }

    /// <summary>Threads for a call: <paramref name="maxThreads"/> &gt; 0 overrides <see cref="Gemm.MaxDegreeOfParallelism"/>.</summary>
    private static int Threads(long work, int items, int maxThreads) =>
        work < ParallelThreshold ? 1 : Math.Max(1, Math.Min(maxThreads > 0 ? maxThreads : Gemm.MaxDegreeOfParallelism, items));

    private static void ForwardHeadAny(
        int h, ReadOnlySpan<float> q, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, Span<float> output,
        Span<float> probs, int keyStride, Span<float> scratch, int rows, int pos0, int heads, int kvHeads, int headDim)
    {
        if (rows < MatrixRows)
        {
            ForwardHead(h, q, keys, values, output, probs, keyStride, scratch, rows, pos0, heads, kvHeads, headDim);
            return;
        }

        var n = pos0 + rows;
        float[]? rented = null;
        try
        {
            Span<float> p;
            int ld;
            if (probs.IsEmpty)
            {
                rented = ArrayPool<float>.Shared.Rent(rows * n);
                p = rented.AsSpan(0, rows * n);
                ld = n;
            }
            else
            {
                p = probs.Slice(h * rows * keyStride, rows * keyStride);
                ld = keyStride;
            }

            ForwardHeadMatrix(h, q, keys, values, output, p, ld, rows, pos0, heads, kvHeads, headDim);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// One head as products: <c>S = scale·Q·Kᵀ</c> into <paramref name="p"/> [rows, ld], each row's softmax over its
    /// visible keys (the rest zeroed), then <c>O = P·V</c>.
    /// </summary>
    private static void ForwardHeadMatrix(
        int h, ReadOnlySpan<float> q, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, Span<float> output,
        Span<float> p, int ld, int rows, int pos0, int heads, int kvHeads, int headDim)
    {
        var g = h / (heads / kvHeads);
        var qw = heads * headDim;
        var kw = kvHeads * headDim;
        var n = pos0 + rows;
        var scale = 1f / MathF.Sqrt(headDim);
        var keysG = keys[(g * headDim)..];
        var valuesG = values[(g * headDim)..];
        for (var r0 = 0; r0 < rows; r0 += RowBlock)
        {
            // Rows r0…r1-1 see keys 0…pos0+r1-1 at most: the block skips the later keys' columns.
            var r1 = Math.Min(rows, r0 + RowBlock);
            var seen = pos0 + r1;
            var pb = p[(r0 * ld)..];
            Gemm.Sgemm(GemmIsa.Auto, 1, false, true, r1 - r0, seen, headDim, scale, q[((r0 * qw) + (h * headDim))..], qw, keysG, kw, 0f, pb, ld);
            for (var t = r0; t < r1; t++)
            {
                var visible = pos0 + t + 1;
                var row = p.Slice(t * ld, n);
                Softmax.ForwardInPlace(row[..visible], visible);
                row[visible..].Clear();
            }

            Gemm.Sgemm(GemmIsa.Auto, 1, false, false, r1 - r0, headDim, seen, 1f, pb, ld, valuesG, kw, 0f, output[((r0 * qw) + (h * headDim))..], qw);
        }
    }

    private static void BackwardKvHeadAny(
        int g, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> q, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, ReadOnlySpan<float> probs,
        Span<float> dq, Span<float> dk, Span<float> dv, Span<float> scratch, int rows, int heads, int kvHeads, int headDim)
    {
        if (rows < MatrixRows)
        {
            BackwardKvHead(g, dOutput, q, keys, values, probs, dq, dk, dv, scratch, rows, heads, kvHeads, headDim);
            return;
        }

        var rented = ArrayPool<float>.Shared.Rent(rows * rows);
        try
        {
            BackwardKvHeadMatrix(g, dOutput, q, keys, values, probs, dq, dk, dv, rented.AsSpan(0, rows * rows), rows, heads, kvHeads, headDim);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// All query heads of kv head <paramref name="g"/> as products: <c>dP = dO·Vᵀ</c>, <c>dV += Pᵀ·dO</c>, the softmax
    /// backward row by row (<c>dS = P ⊙ (dP − Σ P·dP)·scale</c>, zero beyond the visible keys), <c>dQ += dS·K</c>,
    /// <c>dK += dSᵀ·Q</c>.
    /// </summary>
    private static void BackwardKvHeadMatrix(
        int g, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> q, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, ReadOnlySpan<float> probs,
        Span<float> dq, Span<float> dk, Span<float> dv, Span<float> ds, int rows, int heads, int kvHeads, int headDim)
    {
        var group = heads / kvHeads;
        var scale = 1f / MathF.Sqrt(headDim);
        var qw = heads * headDim;
        var kw = kvHeads * headDim;
        var keysG = keys[(g * headDim)..];
        var valuesG = values[(g * headDim)..];
        var dkG = dk[(g * headDim)..];
        var dvG = dv[(g * headDim)..];
        for (var h = g * group; h < (g + 1) * group; h++)
        {
            var p = probs.Slice(h * rows * rows, rows * rows);
            var dOutputH = dOutput[(h * headDim)..];
            for (var r0 = 0; r0 < rows; r0 += RowBlock)
            {
                // Rows r0…r1-1 see keys 0…r1-1: each product covers only those keys' columns.
                var r1 = Math.Min(rows, r0 + RowBlock);
                var (m, at) = (r1 - r0, r0 * rows);
                var dOutputB = dOutputH[(r0 * qw)..];
                Gemm.Sgemm(GemmIsa.Auto, 1, false, true, m, r1, headDim, 1f, dOutputB, qw, valuesG, kw, 0f, ds[at..], rows);
                Gemm.Sgemm(GemmIsa.Auto, 1, true, false, r1, headDim, m, 1f, p[at..], rows, dOutputB, qw, 1f, dvG, kw);
                for (var t = r0; t < r1; t++)
                {
                    var visible = t + 1;
                    var pr = p.Slice(t * rows, visible);
                    var dr = ds.Slice(t * rows, r1);
                    var sum = TensorPrimitives.Dot(pr, dr[..visible]);
                    TensorPrimitives.Subtract(dr[..visible], sum, dr[..visible]);
                    TensorPrimitives.Multiply(dr[..visible], pr, dr[..visible]);
                    TensorPrimitives.Multiply(dr[..visible], scale, dr[..visible]);
                    dr[visible..].Clear();
                }

                Gemm.Sgemm(GemmIsa.Auto, 1, false, false, m, headDim, r1, 1f, ds[at..], rows, keysG, kw, 1f, dq[((r0 * qw) + (h * headDim))..], qw);
                Gemm.Sgemm(GemmIsa.Auto, 1, true, false, r1, headDim, m, 1f, ds[at..], rows, q[((r0 * qw) + (h * headDim))..], qw, 1f, dkG, kw);
            }
        }
    }

    private static void ForwardHead(
        int h, ReadOnlySpan<float> q, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, Span<float> output,
        Span<float> probs, int keyStride, Span<float> scratch, int rows, int pos0, int heads, int kvHeads, int headDim)
    {
        var g = h / (heads / kvHeads);
        var scale = 1f / MathF.Sqrt(headDim);
        var qw = heads * headDim;
        var kw = kvHeads * headDim;
        for (var t = 0; t < rows; t++)
        {
            var n = pos0 + t + 1;
            var p = probs.IsEmpty ? scratch[..n] : probs.Slice(((h * rows) + t) * keyStride, n);
            var qr = q.Slice((t * qw) + (h * headDim), headDim);
            for (var j = 0; j < n; j++)
            {
                p[j] = Dot(qr, keys.Slice((j * kw) + (g * headDim), headDim)) * scale;
            }

            // Max-subtracted: TensorPrimitives.SoftMax exponentiates raw scores and overflows to NaN above ~88.
            Softmax.ForwardInPlace(p, n);
            var o = output.Slice((t * qw) + (h * headDim), headDim);
            o.Clear();
            for (var j = 0; j < n; j++)
            {
                Axpy(values.Slice((j * kw) + (g * headDim), headDim), p[j], o);
            }
        }
    }

    /// <summary>All query heads of kv head <paramref name="g"/>, in head order (they share dk and dv rows).</summary>
    private static void BackwardKvHead(
        int g, ReadOnlySpan<float> dOutput, ReadOnlySpan<float> q, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, ReadOnlySpan<float> probs,
        Span<float> dq, Span<float> dk, Span<float> dv, Span<float> scratch, int rows, int heads, int kvHeads, int headDim)
    {
        var group = heads / kvHeads;
        var scale = 1f / MathF.Sqrt(headDim);
        var qw = heads * headDim;
        var kw = kvHeads * headDim;
        for (var h = g * group; h < (g + 1) * group; h++)
        {
            for (var t = 0; t < rows; t++)
            {
                var n = t + 1;
                var p = probs.Slice(((h * rows) + t) * rows, n);
                var dp = scratch[..n];
                var dor = dOutput.Slice((t * qw) + (h * headDim), headDim);
                for (var j = 0; j < n; j++)
                {
                    dp[j] = Dot(dor, values.Slice((j * kw) + (g * headDim), headDim));
                    var dvr = dv.Slice((j * kw) + (g * headDim), headDim);
                    Axpy(dor, p[j], dvr);
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

                    Axpy(keys.Slice((j * kw) + (g * headDim), headDim), ds, dqr);
                    var dkr = dk.Slice((j * kw) + (g * headDim), headDim);
                    Axpy(qr, ds, dkr);
                }
            }
        }
    }

    /// <summary>Dot product of two head rows; one FMA chain per 8 lanes when the length is a multiple of 8.</summary>
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (!Vector256.IsHardwareAccelerated || a.Length % Vector256<float>.Count != 0 || b.Length != a.Length)
        {
            return TensorPrimitives.Dot(a, b);
        }

        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var acc = Vector256<float>.Zero;
        for (var i = 0; i < a.Length; i += Vector256<float>.Count)
        {
            acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i), acc);
        }

        return Vector256.Sum(acc);
    }

    /// <summary><c>y += s·x</c> over one head row (fused multiply-add when the length is a multiple of 8).</summary>
    private static void Axpy(ReadOnlySpan<float> x, float s, Span<float> y)
    {
        if (!Vector256.IsHardwareAccelerated || x.Length % Vector256<float>.Count != 0 || y.Length != x.Length)
        {
            TensorPrimitives.MultiplyAdd(x, s, y, y);
            return;
        }

        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var ry = ref MemoryMarshal.GetReference(y);
        var vs = Vector256.Create(s);
        for (var i = 0; i < x.Length; i += Vector256<float>.Count)
        {
            Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rx, (nuint)i), vs, Vector256.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
    }
}
