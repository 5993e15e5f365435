using System.Numerics.Tensors;

namespace BetterTogether.Engine.Kernels;

/// <summary>
/// Root-mean-square normalisation of rows, as in Llama: <c>y = x / sqrt(mean(x²) + eps) * weight</c>.
/// Vectorised through <see cref="TensorPrimitives"/>; no allocation.
/// </summary>
public static class RmsNorm
{
    /// <summary>Normalises each row of <paramref name="x"/> (rows × weight.Length) into <paramref name="y"/>.</summary>
    /// <param name="x">Input rows, contiguous.</param>
    /// <param name="weight">Per-feature gain; its length is the row length.</param>
    /// <param name="y">Output rows (may be the same memory as x).</param>
    /// <param name="reciprocalRms">Receives <c>1/sqrt(mean(x²)+eps)</c> per row, for the backward pass.</param>
    /// <param name="eps">Added to the mean square.</param>
    /// <exception cref="ArgumentException">The spans' lengths do not agree.</exception>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> y, Span<float> reciprocalRms, float eps)
    {
        var dim = weight.Length;
        var rows = CheckRows(x.Length, dim, nameof(x));
        CheckLength(y.Length, x.Length, nameof(y));
        CheckLength(reciprocalRms.Length, rows, nameof(reciprocalRms));
        for (var r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * dim, dim);
            var yr = y.Slice(r * dim, dim);
            var rstd = 1f / MathF.Sqrt((TensorPrimitives.SumOfSquares(xr) / dim) + eps);
            reciprocalRms[r] = rstd;
            TensorPrimitives.Multiply(xr, rstd, yr);
            TensorPrimitives.Multiply(yr, weight, yr);
        }
    }

    /// <summary>
    /// Gradients of <see cref="Forward"/>: writes dx and adds the weight gradient into <paramref name="dWeight"/>.
    /// <c>dx = rstd·(w⊙dy − x·rstd²·mean(w⊙dy⊙x))</c>, <c>dw += Σ_rows dy⊙x·rstd</c>.
    /// </summary>
    /// <param name="dy">Gradient of the output rows.</param>
    /// <param name="x">The forward input rows.</param>
    /// <param name="weight">Per-feature gain.</param>
    /// <param name="reciprocalRms">Per-row values saved by the forward pass.</param>
    /// <param name="dx">Receives the input gradient (may alias dy).</param>
    /// <param name="dWeight">Accumulates the gain gradient; empty to skip (frozen weight).</param>
    /// <exception cref="ArgumentException">The spans' lengths do not agree.</exception>
    public static void Backward(
        ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> reciprocalRms,
        Span<float> dx, Span<float> dWeight)
    {
        var dim = weight.Length;
        var rows = CheckRows(x.Length, dim, nameof(x));
        CheckLength(dy.Length, x.Length, nameof(dy));
        CheckLength(dx.Length, x.Length, nameof(dx));
        CheckLength(reciprocalRms.Length, rows, nameof(reciprocalRms));
        if (!dWeight.IsEmpty)
        {
            CheckLength(dWeight.Length, dim, nameof(dWeight));
        }

        for (var r = 0; r < rows; r++)
        {
            var dyr = dy.Slice(r * dim, dim);
            var xr = x.Slice(r * dim, dim);
            var dxr = dx.Slice(r * dim, dim);
            var rstd = reciprocalRms[r];
            if (!dWeight.IsEmpty)
            {
                // Done before dx because dx may alias dy.
                AccumulateScaledProduct(dyr, xr, rstd, dWeight);
            }

            // mean(w⊙dy⊙x) via dot(w⊙dy, x); w⊙dy is formed in dx to avoid a scratch buffer.
            TensorPrimitives.Multiply(dyr, weight, dxr);
            var coefficient = TensorPrimitives.Dot(dxr, xr) / dim * rstd * rstd;
            TensorPrimitives.MultiplyAdd(xr, -coefficient, dxr, dxr);
            TensorPrimitives.Multiply(dxr, rstd, dxr);
        }
    }

    /// <summary><c>dst += a⊙b·scale</c>, in stack chunks (no heap allocation).</summary>
    private static void AccumulateScaledProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float scale, Span<float> dst)
    {
        Span<float> chunk = stackalloc float[256];
        for (var start = 0; start < a.Length; start += chunk.Length)
        {
            var count = Math.Min(chunk.Length, a.Length - start);
            var product = chunk[..count];
            TensorPrimitives.Multiply(a.Slice(start, count), b.Slice(start, count), product);
            var target = dst.Slice(start, count);
            TensorPrimitives.MultiplyAdd(product, scale, target, target);
        }
    }

    private static int CheckRows(int length, int dim, string name)
    {
        if (dim == 0 || length % dim != 0)
        {
            throw new ArgumentException($"Length {length} of {name} is not a whole number of rows of {dim} features.", name);
        }

        return length / dim;
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} has {actual} elements; expected {expected}.", name);
        }
    }
}
