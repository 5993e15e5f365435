using System.Numerics.Tensors;

namespace BetterTogether.Engine.Model;

/// <summary>RMSNorm and SwiGLU, forward and backward, over row-major [rows, width] buffers.</summary>
internal static class NormOps
{
    /// <summary><c>y = w ⊙ x / sqrt(mean(x²) + eps)</c>; stores 1/rms per row in <paramref name="rstd"/>.</summary>
    public static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, Span<float> rstd, int rows, int width, float eps)
    {
        for (var t = 0; t < rows; t++)
        {
            var xr = x.Slice(t * width, width);
            var yr = y.Slice(t * width, width);
            var ms = TensorPrimitives.Dot(xr, xr) / width;
            var r = 1f / MathF.Sqrt(ms + eps);
            rstd[t] = r;
            TensorPrimitives.Multiply(xr, r, yr);
            TensorPrimitives.Multiply(yr, w, yr);
        }
    }

    /// <summary>Accumulates dx (and dw when not empty) from dy; <paramref name="scratch"/> holds one row.</summary>
    public static void RmsNormBackward(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dw, Span<float> scratch, int rows, int width)
    {
        var dxhat = scratch[..width];
        for (var t = 0; t < rows; t++)
        {
            var xr = x.Slice(t * width, width);
            var dyr = dy.Slice(t * width, width);
            var r = rstd[t];
            TensorPrimitives.Multiply(dyr, w, dxhat);
            var mean = TensorPrimitives.Dot(dxhat, xr) * r / width;

            // dx = r * (dxhat - xhat * mean(dxhat ⊙ xhat)), xhat = x * r
            var dxr = dx.Slice(t * width, width);
            for (var i = 0; i < width; i++)
            {
                dxr[i] += r * (dxhat[i] - (xr[i] * r * mean));
            }

            if (!dw.IsEmpty)
            {
                for (var i = 0; i < width; i++)
                {
                    dw[i] += dyr[i] * xr[i] * r;
                }
            }
        }
    }

    /// <summary>
    /// <c>h = silu(g) ⊙ u</c>, vectorised by <see cref="Kernels.SwiGlu"/>. Large inputs run in fixed blocks of
    /// <see cref="SwiGluBlock"/> elements on up to <see cref="Kernels.Gemm.MaxDegreeOfParallelism"/> threads; the
    /// blocks do not depend on the thread count and are multiples of the kernel's chunk, so results are bit-identical.
    /// </summary>
    public static void SwiGlu(float[] g, float[] u, float[] h) =>
        ForBlocks(h.Length, (start, count) => Kernels.SwiGlu.Forward(g.AsSpan(start, count), u.AsSpan(start, count), h.AsSpan(start, count)));

    /// <summary>Writes dg and du from dh (see <see cref="SwiGlu"/> for the threading).</summary>
    public static void SwiGluBackward(float[] dh, float[] g, float[] u, float[] dg, float[] du) =>
        ForBlocks(dh.Length, (start, count) => Kernels.SwiGlu.Backward(
            g.AsSpan(start, count), u.AsSpan(start, count), dh.AsSpan(start, count), dg.AsSpan(start, count), du.AsSpan(start, count)));

    /// <summary>Elements per parallel block: a multiple of the SwiGLU kernel's stack chunk (256).</summary>
    internal const int SwiGluBlock = 8192;

    private static void ForBlocks(int length, Action<int, int> body)
    {
        var blocks = (length + SwiGluBlock - 1) / SwiGluBlock;
        var threads = Math.Min(Kernels.Gemm.MaxDegreeOfParallelism, blocks);
        if (threads <= 1)
        {
            body(0, length);
            return;
        }

        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, b =>
        {
            var start = b * SwiGluBlock;
            body(start, Math.Min(SwiGluBlock, length - start));
        });
    }
}
