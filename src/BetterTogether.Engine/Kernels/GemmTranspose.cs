using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BetterTogether.Engine.Kernels;

/// <summary>
/// Transposing pack: reads <c>rows</c> source rows (each kc long) and writes them as columns of a panel
/// <c>width</c> wide (kc groups of width values), zero-padding columns rows..width.
/// 4×4 SSE transposes do the bulk, so packing the non-contiguous side of a GEMM costs little next to the multiply.
/// </summary>
internal static class GemmTranspose
{
    /// <summary>Packs <paramref name="rows"/> rows of stride <paramref name="ld"/> into a kc×width panel.</summary>
    public static unsafe void PackRows(float* src, int ld, int rows, int kc, int width, float* dst)
    {
        var r = 0;
        if (Sse.IsSupported)
        {
            var kc4 = kc & ~3;
            for (; r + 4 <= rows; r += 4)
            {
                var s0 = src + ((long)r * ld);
                var s1 = s0 + ld;
                var s2 = s1 + ld;
                var s3 = s2 + ld;
                var d = dst + r;
                var p = 0;
                for (; p < kc4; p += 4)
                {
                    var t0 = Sse.UnpackLow(Vector128.Load(s0 + p), Vector128.Load(s1 + p));
                    var t1 = Sse.UnpackLow(Vector128.Load(s2 + p), Vector128.Load(s3 + p));
                    var t2 = Sse.UnpackHigh(Vector128.Load(s0 + p), Vector128.Load(s1 + p));
                    var t3 = Sse.UnpackHigh(Vector128.Load(s2 + p), Vector128.Load(s3 + p));
                    var dp = d + (p * width);
                    Vector128.Store(Sse.MoveLowToHigh(t0, t1), dp);
                    Vector128.Store(Sse.MoveHighToLow(t1, t0), dp + width);
                    Vector128.Store(Sse.MoveLowToHigh(t2, t3), dp + (2 * width));
                    Vector128.Store(Sse.MoveHighToLow(t3, t2), dp + (3 * width));
                }

                for (; p < kc; p++)
                {
                    var dp = d + (p * width);
                    dp[0] = s0[p];
                    dp[1] = s1[p];
                    dp[2] = s2[p];
                    dp[3] = s3[p];
                }
            }
        }

        for (; r < rows; r++)
        {
            var s = src + ((long)r * ld);
            for (var p = 0; p < kc; p++)
            {
                dst[(p * width) + r] = s[p];
            }
        }

        if (rows < width)
        {
            for (var p = 0; p < kc; p++)
            {
                new Span<float>(dst + (p * width) + rows, width - rows).Clear();
            }
        }
    }
}
