namespace BetterTogether.Engine.Kernels;

/// <summary>
/// The single-threaded blocked GEMM (BLIS loop order jc → pc → ic → jr → ir) around one micro-kernel.
/// </summary>
/// <typeparam name="TKernel">The micro-kernel; a struct so the JIT specialises this driver for it.</typeparam>
internal static class GemmDriver<TKernel>
    where TKernel : struct, IMicroKernel
{
    /// <summary>Computes <c>C = alpha * op(A) * op(B) + beta * C</c> on pointers already offset to this thread's part.</summary>
    public static unsafe void Run(
        bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        var mr = TKernel.Mr;
        var nr = TKernel.Nr;
        var ws = GemmWorkspace.Current;
        var packedA = ws.PackedA;
        var packedB = ws.PackedB;
        var tile = ws.Tile;
        var mcMax = GemmBlocking.Mc / mr * mr;

        for (var jc = 0; jc < n; jc += GemmBlocking.Nc)
        {
            var nc = Math.Min(GemmBlocking.Nc, n - jc);
            for (var pc = 0; pc < k; pc += GemmBlocking.Kc)
            {
                var kc = Math.Min(GemmBlocking.Kc, k - pc);
                var blockBeta = pc == 0 ? beta : 1f;
                var bOrigin = transB ? b + ((long)jc * ldb) + pc : b + ((long)pc * ldb) + jc;
                GemmPacking.PackB(transB, bOrigin, ldb, kc, nc, nr, packedB);

                for (var ic = 0; ic < m; ic += mcMax)
                {
                    var mc = Math.Min(mcMax, m - ic);
                    var aOrigin = transA ? a + ((long)pc * lda) + ic : a + ((long)ic * lda) + pc;
                    GemmPacking.PackA(transA, aOrigin, lda, mc, kc, mr, packedA);

                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        var nrValid = Math.Min(nr, nc - jr);
                        var bPanel = packedB + ((long)jr * kc);
                        for (var ir = 0; ir < mc; ir += mr)
                        {
                            var mrValid = Math.Min(mr, mc - ir);
                            var cTile = c + ((long)(ic + ir) * ldc) + jc + jr;
                            TKernel.Run(packedA + ((long)ir * kc), bPanel, kc, cTile, ldc, alpha, blockBeta, mrValid, nrValid, tile);
                        }
                    }
                }
            }
        }
    }
}
