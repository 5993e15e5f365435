using System.Runtime.Intrinsics;

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
                    CopyPadded(a + ((long)p * lda) + i0, dst + (p * mr), rows, mr);
                }
            }
            else
            {
                GemmTranspose.PackRows(a + ((long)i0 * lda), lda, rows, kc, mr, dst);
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
                // op(B) column j is B row j: a transposing pack.
                GemmTranspose.PackRows(b + ((long)j0 * ldb), ldb, cols, kc, nr, dst);
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    CopyPadded(b + ((long)p * ldb) + j0, dst + (p * nr), cols, nr);
                }
            }

            dst += nr * kc;
        }
    }

    /// <summary>Copies <paramref name="count"/> contiguous floats and zero-fills the rest of a <paramref name="width"/>-wide group.</summary>
    private static unsafe void CopyPadded(float* src, float* dst, int count, int width)
    {
        var i = 0;
        for (; i + 16 <= count; i += 16)
        {
            Vector512.Store(Vector512.Load(src + i), dst + i);
        }

        for (; i + 8 <= count; i += 8)
        {
            Vector256.Store(Vector256.Load(src + i), dst + i);
        }

        for (; i + 4 <= count; i += 4)
        {
            Vector128.Store(Vector128.Load(src + i), dst + i);
        }

        for (; i < count; i++)
        {
            dst[i] = src[i];
        }

        for (; i < width; i++)
        {
            dst[i] = 0f;
        }
    }
}
