namespace BetterTogether.Engine.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel: multiplies a packed Mr×kc panel of A by a packed kc×Nr panel of B
/// and writes <c>alpha * product + beta * C</c> into an mr×nr corner of C.
/// Implemented by structs so the driver is specialised per kernel (no virtual calls).
/// </summary>
internal interface IMicroKernel
{
    /// <summary>Gets the rows of the register tile.</summary>
    static abstract int Mr { get; }

    /// <summary>Gets the columns of the register tile (a multiple of the vector width).</summary>
    static abstract int Nr { get; }

    /// <summary>Runs the kernel.</summary>
    /// <param name="a">Packed A: kc groups of Mr values.</param>
    /// <param name="b">Packed B: kc groups of Nr values.</param>
    /// <param name="kc">Depth of this block.</param>
    /// <param name="c">Top-left element of the C tile.</param>
    /// <param name="ldc">C's row stride.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="beta">Scale of the existing C (0: C is not read).</param>
    /// <param name="mr">Valid rows (≤ Mr).</param>
    /// <param name="nr">Valid columns (≤ Nr).</param>
    /// <param name="tile">Scratch of Mr×Nr floats for partial tiles.</param>
    static abstract unsafe void Run(float* a, float* b, int kc, float* c, int ldc, float alpha, float beta, int mr, int nr, float* tile);
}
