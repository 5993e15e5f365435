namespace BetterTogether.Engine.Kernels;

/// <summary>The naive triple loop with BLAS semantics; the oracle the fast kernels are tested against.</summary>
internal static class GemmReference
{
    /// <summary>Same contract as the public <c>Gemm.Sgemm</c>, accumulating in double for a tighter reference.</summary>
    public static void Sgemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0d;
                for (var p = 0; p < k; p++)
                {
                    var av = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                    var bv = transB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += (double)av * bv;
                }

                var idx = (i * ldc) + j;
                c[idx] = beta == 0f ? (float)(alpha * sum) : (float)((alpha * sum) + (beta * (double)c[idx]));
            }
        }
    }
}
