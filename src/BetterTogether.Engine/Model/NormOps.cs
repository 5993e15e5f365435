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

    /// <summary><c>h = silu(g) ⊙ u</c>.</summary>
    public static void SwiGlu(ReadOnlySpan<float> g, ReadOnlySpan<float> u, Span<float> h)
    {
        for (var i = 0; i < h.Length; i++)
        {
            var gi = g[i];
            h[i] = gi / (1f + MathF.Exp(-gi)) * u[i];
        }
    }

    /// <summary>Writes dg and du from dh.</summary>
    public static void SwiGluBackward(ReadOnlySpan<float> dh, ReadOnlySpan<float> g, ReadOnlySpan<float> u, Span<float> dg, Span<float> du)
    {
        for (var i = 0; i < dh.Length; i++)
        {
            var gi = g[i];
            var sig = 1f / (1f + MathF.Exp(-gi));
            var silu = gi * sig;
            du[i] = dh[i] * silu;
            dg[i] = dh[i] * u[i] * sig * (1f + (gi * (1f - sig)));
        }
    }
}
