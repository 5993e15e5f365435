using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BetterTogether.Engine.Kernels;

/// <summary>AVX2 fallback micro-kernel: a 6×16 tile of C held in 12 ymm accumulators.</summary>
internal readonly struct MicroKernel256 : IMicroKernel
{
    /// <inheritdoc/>
    public static int Mr => 6;

    /// <inheritdoc/>
    public static int Nr => 16;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(float* a, float* b, int kc, float* c, int ldc, float alpha, float beta, int mr, int nr, float* tile)
    {
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }

        Vector256.Store(c00, tile + 0);
        Vector256.Store(c01, tile + 8);
        Vector256.Store(c10, tile + 16);
        Vector256.Store(c11, tile + 24);
        Vector256.Store(c20, tile + 32);
        Vector256.Store(c21, tile + 40);
        Vector256.Store(c30, tile + 48);
        Vector256.Store(c31, tile + 56);
        Vector256.Store(c40, tile + 64);
        Vector256.Store(c41, tile + 72);
        Vector256.Store(c50, tile + 80);
        Vector256.Store(c51, tile + 88);
        GemmTile.StorePartial(tile, 16, c, ldc, alpha, beta, mr, nr);
    }
}
