namespace BetterTogether.Engine.Kernels;

/// <summary>
/// Single-precision matrix multiply, row-major: <c>C = alpha * op(A) * op(B) + beta * C</c>,
/// where op(X) is X or Xᵀ. The engine's hot path: every projection forward and backward goes through here.
/// </summary>
public static class Gemm
{
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
    public static void Sgemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        // Reference implementation; the packed SIMD kernel replaces it.
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var p = 0; p < k; p++)
                {
                    var av = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                    var bv = transB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += av * bv;
                }

                var idx = (i * ldc) + j;
                c[idx] = beta == 0f ? alpha * sum : (alpha * sum) + (beta * c[idx]);
            }
        }
    }
}
