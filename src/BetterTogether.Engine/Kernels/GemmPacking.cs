namespace BetterTogether.Engine.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded panel layout the micro-kernels stream:
/// A as Mr-row panels (kc groups of Mr values), B as Nr-column panels (kc groups of Nr values).
/// </summary>
internal static class GemmPacking
{
    /// <summary>Packs op(A)[mc×kc] whose top-left element is at <paramref name="a"/>.</summary>
    public static unsafe void PackA(bool transA, float* a, int lda, int mc, int kc, int mr, float* dst)
    {
        for (var i0 = 0; i0 < mc; i0 += mr)
        {
            var rows = Math.Min(mr, mc - i0);
            if (transA)
            {
                // op(A) row i is A column i: each k step is a contiguous run of rows.
                for (var p = 0; p < kc; p++)
                {
                    var src = a + ((long)p * lda) + i0;
                    var d = dst + (p * mr);
                    var r = 0;
                    for (; r < rows; r++)
                    {
                        d[r] = src[r];
                    }

                    for (; r < mr; r++)
                    {
                        d[r] = 0f;
                    }
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    var src = a + ((long)i0 * lda) + p;
                    var d = dst + (p * mr);
                    var r = 0;
                    for (; r < rows; r++)
                    {
                        d[r] = src[(long)r * lda];
                    }

                    for (; r < mr; r++)
                    {
                        d[r] = 0f;
                    }
                }
            }

            dst += mr * kc;
        }
    }

    /// <summary>Packs op(B)[kc×nc] whose top-left element is at <paramref name="b"/>.</summary>
    public static unsafe void PackB(bool transB, float* b, int ldb, int kc, int nc, int nr, float* dst)
    {
        for (var j0 = 0; j0 < nc; j0 += nr)
        {
            var cols = Math.Min(nr, nc - j0);
            if (transB)
            {
                // op(B) column j is B row j: read rows contiguously, scatter into the panel.
                for (var j = 0; j < cols; j++)
                {
                    var src = b + ((long)(j0 + j) * ldb);
                    var d = dst + j;
                    for (var p = 0; p < kc; p++)
                    {
                        d[p * nr] = src[p];
                    }
                }

                for (var j = cols; j < nr; j++)
                {
                    for (var p = 0; p < kc; p++)
                    {
                        dst[(p * nr) + j] = 0f;
                    }
                }
            }
            else
            {
                var bytes = (uint)(cols * sizeof(float));
                for (var p = 0; p < kc; p++)
                {
                    var d = dst + (p * nr);
                    Buffer.MemoryCopy(b + ((long)p * ldb) + j0, d, bytes, bytes);
                    for (var j = cols; j < nr; j++)
                    {
                        d[j] = 0f;
                    }
                }
            }

            dst += nr * kc;
        }
    }
}
