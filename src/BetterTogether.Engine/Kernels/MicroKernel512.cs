using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BetterTogether.Engine.Kernels;

/// <summary>AVX-512 micro-kernel: a 12×32 tile of C held in 24 zmm accumulators, one FMA per register per k step.</summary>
internal readonly struct MicroKernel512 : IMicroKernel
{
    /// <inheritdoc/>
    public static int Mr => 12;

    /// <inheritdoc/>
    public static int Nr => 32;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(float* a, float* b, int kc, float* c, int ldc, float alpha, float beta, int mr, int nr, float* tile)
    {
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        Vector512<float> c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default;
        Vector512<float> c100 = default, c101 = default;
        Vector512<float> c110 = default, c111 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            var a8 = Vector512.Create(a[8]);
            c80 = Vector512.FusedMultiplyAdd(a8, b0, c80);
            c81 = Vector512.FusedMultiplyAdd(a8, b1, c81);
            var a9 = Vector512.Create(a[9]);
            c90 = Vector512.FusedMultiplyAdd(a9, b0, c90);
            c91 = Vector512.FusedMultiplyAdd(a9, b1, c91);
            var a10 = Vector512.Create(a[10]);
            c100 = Vector512.FusedMultiplyAdd(a10, b0, c100);
            c101 = Vector512.FusedMultiplyAdd(a10, b1, c101);
            var a11 = Vector512.Create(a[11]);
            c110 = Vector512.FusedMultiplyAdd(a11, b0, c110);
            c111 = Vector512.FusedMultiplyAdd(a11, b1, c111);
            a += 12;
            b += 32;
        }

        if (mr == 12 && nr == 32)
        {
            var va = Vector512.Create(alpha);
            if (beta == 0f)
            {
                Vector512.Store(c00 * va, c + (0 * ldc));
                Vector512.Store(c01 * va, c + (0 * ldc) + 16);
                Vector512.Store(c10 * va, c + (1 * ldc));
                Vector512.Store(c11 * va, c + (1 * ldc) + 16);
                Vector512.Store(c20 * va, c + (2 * ldc));
                Vector512.Store(c21 * va, c + (2 * ldc) + 16);
                Vector512.Store(c30 * va, c + (3 * ldc));
                Vector512.Store(c31 * va, c + (3 * ldc) + 16);
                Vector512.Store(c40 * va, c + (4 * ldc));
                Vector512.Store(c41 * va, c + (4 * ldc) + 16);
                Vector512.Store(c50 * va, c + (5 * ldc));
                Vector512.Store(c51 * va, c + (5 * ldc) + 16);
                Vector512.Store(c60 * va, c + (6 * ldc));
                Vector512.Store(c61 * va, c + (6 * ldc) + 16);
                Vector512.Store(c70 * va, c + (7 * ldc));
                Vector512.Store(c71 * va, c + (7 * ldc) + 16);
                Vector512.Store(c80 * va, c + (8 * ldc));
                Vector512.Store(c81 * va, c + (8 * ldc) + 16);
                Vector512.Store(c90 * va, c + (9 * ldc));
                Vector512.Store(c91 * va, c + (9 * ldc) + 16);
                Vector512.Store(c100 * va, c + (10 * ldc));
                Vector512.Store(c101 * va, c + (10 * ldc) + 16);
                Vector512.Store(c110 * va, c + (11 * ldc));
                Vector512.Store(c111 * va, c + (11 * ldc) + 16);
            }
            else
            {
                var vb = Vector512.Create(beta);
                Update(c + (0 * ldc), c00, c01, va, vb);
                Update(c + (1 * ldc), c10, c11, va, vb);
                Update(c + (2 * ldc), c20, c21, va, vb);
                Update(c + (3 * ldc), c30, c31, va, vb);
                Update(c + (4 * ldc), c40, c41, va, vb);
                Update(c + (5 * ldc), c50, c51, va, vb);
                Update(c + (6 * ldc), c60, c61, va, vb);
                Update(c + (7 * ldc), c70, c71, va, vb);
                Update(c + (8 * ldc), c80, c81, va, vb);
                Update(c + (9 * ldc), c90, c91, va, vb);
                Update(c + (10 * ldc), c100, c101, va, vb);
                Update(c + (11 * ldc), c110, c111, va, vb);
            }

            return;
        }

        Vector512.Store(c00, tile + 0);
        Vector512.Store(c01, tile + 16);
        Vector512.Store(c10, tile + 32);
        Vector512.Store(c11, tile + 48);
        Vector512.Store(c20, tile + 64);
        Vector512.Store(c21, tile + 80);
        Vector512.Store(c30, tile + 96);
        Vector512.Store(c31, tile + 112);
        Vector512.Store(c40, tile + 128);
        Vector512.Store(c41, tile + 144);
        Vector512.Store(c50, tile + 160);
        Vector512.Store(c51, tile + 176);
        Vector512.Store(c60, tile + 192);
        Vector512.Store(c61, tile + 208);
        Vector512.Store(c70, tile + 224);
        Vector512.Store(c71, tile + 240);
        Vector512.Store(c80, tile + 256);
        Vector512.Store(c81, tile + 272);
        Vector512.Store(c90, tile + 288);
        Vector512.Store(c91, tile + 304);
        Vector512.Store(c100, tile + 320);
        Vector512.Store(c101, tile + 336);
        Vector512.Store(c110, tile + 352);
        Vector512.Store(c111, tile + 368);
        GemmTile.StorePartial(tile, 32, c, ldc, alpha, beta, mr, nr);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Update(float* row, Vector512<float> x0, Vector512<float> x1, Vector512<float> va, Vector512<float> vb)
    {
        Vector512.Store(Vector512.FusedMultiplyAdd(x0, va, Vector512.Load(row) * vb), row);
        Vector512.Store(Vector512.FusedMultiplyAdd(x1, va, Vector512.Load(row + 16) * vb), row + 16);
    }
}
