using System.Runtime.Intrinsics;

namespace BetterTogether.Engine.Kernels;

/// <summary>
/// Single-precision matrix multiply, row-major: <c>C = alpha * op(A) * op(B) + beta * C</c>,
/// where op(X) is X or Xᵀ. The engine's hot path: every projection forward and backward goes through here.
/// Packed panels and a register-blocked FMA micro-kernel (Vector512, else Vector256, else scalar),
/// split over cores for large problems.
/// </summary>
public static class Gemm
{
    /// <summary>Below this many multiply-adds a call runs on the calling thread only.</summary>
    private const long ParallelThreshold = 1L << 21;

    private static int maxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>Gets or sets the most threads one call uses (default: the processor count).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxDegreeOfParallelism
    {
        get => Volatile.Read(ref maxDegreeOfParallelism);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref maxDegreeOfParallelism, value);
        }
    }

    /// <summary>Computes <c>C[m×n] = alpha * op(A)[m×k] * op(B)[k×n] + beta * C</c> (row-major, leading dimensions in elements).</summary>
    /// <param name="transA">Use Aᵀ (A stored k×m).</param>
    /// <param name="transB">Use Bᵀ (B stored n×k), as for a Linear layer's weight [out, in].</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The shared dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A's elements.</param>
    /// <param name="lda">A's row stride.</param>
    /// <param name="b">B's elements.</param>
    /// <param name="ldb">B's row stride.</param>
    /// <param name="beta">Scale of the existing C (0 overwrites, ignoring NaNs in C).</param>
    /// <param name="c">C's elements.</param>
    /// <param name="ldc">C's row stride.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative or a stride is smaller than its row.</exception>
    /// <exception cref="ArgumentException">A span is too short for its dimensions and stride.</exception>
    public static void Sgemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
        => Sgemm(GemmIsa.Auto, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>As the public overload, on a chosen instruction set (tests force the narrower paths).</summary>
    internal static void Sgemm(
        GemmIsa isa, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
        => Sgemm(isa, MaxDegreeOfParallelism, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>
    /// As the public overload, on at most <paramref name="maxThreads"/> threads: callers that already split their
    /// work over threads (attention heads) pass 1, so one call never fans out inside another.
    /// </summary>
    internal static unsafe void Sgemm(
        GemmIsa isa, int maxThreads, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        GemmArguments.CheckMatrix(a.Length, transA ? k : m, transA ? m : k, lda, nameof(a), nameof(lda));
        GemmArguments.CheckMatrix(b.Length, transB ? n : k, transB ? k : n, ldb, nameof(b), nameof(ldb));
        GemmArguments.CheckMatrix(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        if (isa == GemmIsa.Auto)
        {
            isa = Vector512.IsHardwareAccelerated ? GemmIsa.Auto
                : Vector256.IsHardwareAccelerated ? GemmIsa.Vector256
                : GemmIsa.Scalar;
        }

        if (isa == GemmIsa.Scalar)
        {
            GemmReference.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var threads = (long)m * n * k < ParallelThreshold ? 1 : maxThreads;
            GemmJob job;
            if (isa == GemmIsa.Auto && n <= GemmSkinny.MaxColumns && m >= n)
            {
                job = new GemmJob(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, GemmPath.Skinny);
            }
            else if (isa == GemmIsa.Auto && m <= GemmSkinny.MaxColumns)
            {
                // Cᵀ = op(B)ᵀ·op(A)ᵀ has at most 16 columns; write it through C's transposed strides.
                job = new GemmJob(!transB, !transA, n, m, k, alpha, pb, ldb, pa, lda, beta, pc, 1, GemmPath.Skinny, ldc);
            }
            else
            {
                var path = isa == GemmIsa.Auto ? GemmPath.Packed512 : GemmPath.Packed256;
                job = new GemmJob(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, path);
            }

            GemmParallel.Run(job, threads);
        }
    }

    private static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else if (beta != 1f)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }
}
