using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BetterTogether.Engine.Kernels;

/// <summary>
/// GEMM with at most 16 output columns (LoRA's rank-r side: x·Aᵀ, dY·B, dYᵀ·h), and, by transposing the
/// problem, at most 16 output rows (LoRA's dA). Each element of the large operand is used ≤ 16 times, so packing
/// it would cost as much as the multiply: it is read in place, and only op(B) (k×16) is packed.
/// </summary>
internal static unsafe class GemmSkinny
{
    /// <summary>The most columns of C this path handles.</summary>
    public const int MaxColumns = 16;

    private const int Rows = 8;
    private const int KBlock = 2048;

    /// <summary>
    /// Computes rows [<paramref name="i0"/>, <paramref name="i1"/>) of C = alpha·op(A)·op(B) + beta·C for n ≤ 16,
    /// with C(i, j) at <c>c + i·rowStride + j·colStride</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        bool transA, bool transB, int i0, int i1, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, long rowStride, long colStride)
    {
        var ws = GemmWorkspace.Current;
        var packedB = ws.PackedB;
        var tile = ws.Tile;
        for (var pc = 0; pc < k; pc += KBlock)
        {
            var kc = Math.Min(KBlock, k - pc);
            var blockBeta = pc == 0 ? beta : 1f;
            GemmPacking.PackB(transB, transB ? b + pc : b + ((long)pc * ldb), ldb, kc, n, MaxColumns, packedB);
            for (var i = i0; i < i1; i += Rows)
            {
                var rows = Math.Min(Rows, i1 - i);
                var aOrigin = transA ? a + ((long)pc * lda) + i : a + ((long)i * lda) + pc;
                if (rows == Rows)
                {
                    if (transA)
                    {
                        KernelColumns(aOrigin, lda, kc, packedB, tile);
                    }
                    else
                    {
                        KernelRows(aOrigin, lda, kc, packedB, tile);
                    }
                }
                else
                {
                    for (var r = 0; r < rows; r++)
                    {
                        SingleRow(transA ? aOrigin + r : aOrigin + ((long)r * lda), transA ? lda : 1, kc, packedB, tile + (r * MaxColumns));
                    }
                }

                Store(tile, c + (i * rowStride), rowStride, colStride, alpha, blockBeta, rows, n);
            }
        }
    }

    /// <summary>8 rows of op(A) = A (row-major, rows lda apart), k unrolled by two with split accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelRows(float* a, int lda, int kc, float* b, float* tile)
    {
        var r0 = a;
        var r1 = r0 + lda;
        var r2 = r1 + lda;
        var r3 = r2 + lda;
        var r4 = r3 + lda;
        var r5 = r4 + lda;
        var r6 = r5 + lda;
        var r7 = r6 + lda;
        Vector512<float> x0 = default, x1 = default, x2 = default, x3 = default, x4 = default, x5 = default, x6 = default, x7 = default;
        Vector512<float> y0 = default, y1 = default, y2 = default, y3 = default, y4 = default, y5 = default, y6 = default, y7 = default;
        var p = 0;
        for (; p + 1 < kc; p += 2)
        {
            var b0 = Vector512.Load(b + (p * MaxColumns));
            var b1 = Vector512.Load(b + (p * MaxColumns) + MaxColumns);
            x0 = Vector512.FusedMultiplyAdd(Vector512.Create(r0[p]), b0, x0);
            x1 = Vector512.FusedMultiplyAdd(Vector512.Create(r1[p]), b0, x1);
            x2 = Vector512.FusedMultiplyAdd(Vector512.Create(r2[p]), b0, x2);
            x3 = Vector512.FusedMultiplyAdd(Vector512.Create(r3[p]), b0, x3);
            x4 = Vector512.FusedMultiplyAdd(Vector512.Create(r4[p]), b0, x4);
            x5 = Vector512.FusedMultiplyAdd(Vector512.Create(r5[p]), b0, x5);
            x6 = Vector512.FusedMultiplyAdd(Vector512.Create(r6[p]), b0, x6);
            x7 = Vector512.FusedMultiplyAdd(Vector512.Create(r7[p]), b0, x7);
            y0 = Vector512.FusedMultiplyAdd(Vector512.Create(r0[p + 1]), b1, y0);
            y1 = Vector512.FusedMultiplyAdd(Vector512.Create(r1[p + 1]), b1, y1);
            y2 = Vector512.FusedMultiplyAdd(Vector512.Create(r2[p + 1]), b1, y2);
            y3 = Vector512.FusedMultiplyAdd(Vector512.Create(r3[p + 1]), b1, y3);
            y4 = Vector512.FusedMultiplyAdd(Vector512.Create(r4[p + 1]), b1, y4);
            y5 = Vector512.FusedMultiplyAdd(Vector512.Create(r5[p + 1]), b1, y5);
            y6 = Vector512.FusedMultiplyAdd(Vector512.Create(r6[p + 1]), b1, y6);
            y7 = Vector512.FusedMultiplyAdd(Vector512.Create(r7[p + 1]), b1, y7);
        }

        if (p < kc)
        {
            var b0 = Vector512.Load(b + (p * MaxColumns));
            x0 = Vector512.FusedMultiplyAdd(Vector512.Create(r0[p]), b0, x0);
            x1 = Vector512.FusedMultiplyAdd(Vector512.Create(r1[p]), b0, x1);
            x2 = Vector512.FusedMultiplyAdd(Vector512.Create(r2[p]), b0, x2);
            x3 = Vector512.FusedMultiplyAdd(Vector512.Create(r3[p]), b0, x3);
            x4 = Vector512.FusedMultiplyAdd(Vector512.Create(r4[p]), b0, x4);
            x5 = Vector512.FusedMultiplyAdd(Vector512.Create(r5[p]), b0, x5);
            x6 = Vector512.FusedMultiplyAdd(Vector512.Create(r6[p]), b0, x6);
            x7 = Vector512.FusedMultiplyAdd(Vector512.Create(r7[p]), b0, x7);
        }

        StoreTile(tile, x0 + y0, x1 + y1, x2 + y2, x3 + y3, x4 + y4, x5 + y5, x6 + y6, x7 + y7);
    }

    /// <summary>8 rows of op(A) = Aᵀ: each k step reads 8 contiguous values of A's row p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelColumns(float* a, int lda, int kc, float* b, float* tile)
    {
        Vector512<float> x0 = default, x1 = default, x2 = default, x3 = default, x4 = default, x5 = default, x6 = default, x7 = default;
        Vector512<float> y0 = default, y1 = default, y2 = default, y3 = default, y4 = default, y5 = default, y6 = default, y7 = default;
        var p = 0;
        var a1 = a + lda;
        var step = 2L * lda;
        for (; p + 1 < kc; p += 2)
        {
            var b0 = Vector512.Load(b + (p * MaxColumns));
            var b1 = Vector512.Load(b + (p * MaxColumns) + MaxColumns);
            x0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), b0, x0);
            x1 = Vector512.FusedMultiplyAdd(Vector512.Create(a[1]), b0, x1);
            x2 = Vector512.FusedMultiplyAdd(Vector512.Create(a[2]), b0, x2);
            x3 = Vector512.FusedMultiplyAdd(Vector512.Create(a[3]), b0, x3);
            x4 = Vector512.FusedMultiplyAdd(Vector512.Create(a[4]), b0, x4);
            x5 = Vector512.FusedMultiplyAdd(Vector512.Create(a[5]), b0, x5);
            x6 = Vector512.FusedMultiplyAdd(Vector512.Create(a[6]), b0, x6);
            x7 = Vector512.FusedMultiplyAdd(Vector512.Create(a[7]), b0, x7);
            y0 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[0]), b1, y0);
            y1 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[1]), b1, y1);
            y2 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[2]), b1, y2);
            y3 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[3]), b1, y3);
            y4 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[4]), b1, y4);
            y5 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[5]), b1, y5);
            y6 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[6]), b1, y6);
            y7 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[7]), b1, y7);
            a += step;
            a1 += step;
        }

        if (p < kc)
        {
            var b0 = Vector512.Load(b + (p * MaxColumns));
            x0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), b0, x0);
            x1 = Vector512.FusedMultiplyAdd(Vector512.Create(a[1]), b0, x1);
            x2 = Vector512.FusedMultiplyAdd(Vector512.Create(a[2]), b0, x2);
            x3 = Vector512.FusedMultiplyAdd(Vector512.Create(a[3]), b0, x3);
            x4 = Vector512.FusedMultiplyAdd(Vector512.Create(a[4]), b0, x4);
            x5 = Vector512.FusedMultiplyAdd(Vector512.Create(a[5]), b0, x5);
            x6 = Vector512.FusedMultiplyAdd(Vector512.Create(a[6]), b0, x6);
            x7 = Vector512.FusedMultiplyAdd(Vector512.Create(a[7]), b0, x7);
        }

        StoreTile(tile, x0 + y0, x1 + y1, x2 + y2, x3 + y3, x4 + y4, x5 + y5, x6 + y6, x7 + y7);
    }

    /// <summary>One row of op(A) whose k-th element is at <c>a + p·step</c> (edge rows only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SingleRow(float* a, long step, int kc, float* b, float* dst)
    {
        var acc = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            acc = Vector512.FusedMultiplyAdd(Vector512.Create(a[p * step]), Vector512.Load(b + (p * MaxColumns)), acc);
        }

        Vector512.Store(acc, dst);
    }

    private static void StoreTile(
        float* tile, Vector512<float> t0, Vector512<float> t1, Vector512<float> t2, Vector512<float> t3,
        Vector512<float> t4, Vector512<float> t5, Vector512<float> t6, Vector512<float> t7)
    {
        Vector512.Store(t0, tile);
        Vector512.Store(t1, tile + MaxColumns);
        Vector512.Store(t2, tile + (2 * MaxColumns));
        Vector512.Store(t3, tile + (3 * MaxColumns));
        Vector512.Store(t4, tile + (4 * MaxColumns));
        Vector512.Store(t5, tile + (5 * MaxColumns));
        Vector512.Store(t6, tile + (6 * MaxColumns));
        Vector512.Store(t7, tile + (7 * MaxColumns));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Store(float* tile, float* c, long rowStride, long colStride, float alpha, float beta, int rows, int n)
    {
        for (var r = 0; r < rows; r++)
        {
            var src = tile + (r * MaxColumns);
            var dst = c + (r * rowStride);
            for (var j = 0; j < n; j++)
            {
                ref var target = ref dst[j * colStride];
                target = beta == 0f ? alpha * src[j] : (alpha * src[j]) + (beta * target);
            }
        }
    }
}
